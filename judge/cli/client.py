"""The CLI's client of a judge server: --server and --token (or JUDGE_SERVER and JUDGE_TOKEN), and its answers.

A 4xx ends the command with the server's reason and exit status 2; no answer, or a 5xx, with 3.
"""

from __future__ import annotations

import json
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


AS_JSON = typer.Option(False, "--json", help="print the rows as JSON: a list of objects by column")
AS_CSV = typer.Option(False, "--csv", help="print the rows as CSV (no cell a spreadsheet reads as a formula)")


def table(columns: list[str], rows: list[list], as_json: bool = False, as_csv: bool = False) -> None:
    """Rows on standard output: a table for people, or JSON or CSV for scripts (tokens included, as shown)."""
    if as_json:
        print(json.dumps([dict(zip(columns, row)) for row in rows], indent=2, default=str))
        return
    if as_csv:
        import csv
        import sys

        from judge.courses.gradebook import text_cell

        writer = csv.writer(sys.stdout, lineterminator="\r\n")
        writer.writerow([text_cell(c) for c in columns])
        writer.writerows([[text_cell("" if v is None else str(v)) for v in row] for row in rows])
        return
    from rich.table import Table

    from judge.cli.render import make_console

    table = Table()
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    make_console().print(table)
