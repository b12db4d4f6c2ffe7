"""The CLI's client of a judge server: --server and --token (or JUDGE_SERVER and JUDGE_TOKEN), and its answers.

A 4xx ends the command with the server's reason and exit status 2; no answer, or a 5xx, with 3.
"""

from __future__ import annotations

from typing import NoReturn

import typer

SERVER = typer.Option("http://localhost:8000", envvar="JUDGE_SERVER", help="the judge server's URL")
TOKEN = typer.Option(None, envvar="JUDGE_TOKEN", show_default=False, help="your API token")


class Server:
    """The API, with the caller's token; a 4xx or 5xx ends the command with its reason (exit 2, or 3)."""

    def __init__(self, url: str, token: str | None):
        try:
            import httpx
        except ModuleNotFoundError:
            fail("this command needs httpx, part of the service's packages: pip install 'judge[service]'")
        if not token:
            fail("no token: pass --token or set JUDGE_TOKEN")
        self.httpx = httpx
        self.client = httpx.Client(base_url=url.rstrip("/"), headers={"Authorization": f"Bearer {token}"}, timeout=60)

    def call(self, method: str, path: str, **kwargs):
        try:
            response = self.client.request(method, path, **kwargs)
        except self.httpx.TransportError as exc:
            fail(f"cannot reach {self.client.base_url}: {exc}", 3)
        if response.is_success:
            return response
        try:
            reason = response.json().get("detail", response.text)
        except ValueError:
            reason = response.text
        fail(f"the server answered {response.status_code}: {reason}", 2 if response.status_code < 500 else 3)


def fail(message: str, code: int = 2) -> NoReturn:
    from judge.cli.render import fail as print_and_exit

    print_and_exit(message, code)


def table(columns: list[str], rows: list[list]) -> None:
    from rich.table import Table

    from judge.cli.render import make_console

    table = Table()
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    make_console().print(table)
