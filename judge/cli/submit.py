"""`judge submit`: send a solution to a judge server, wait for its verdict, print it.

Exit status: 0 accepted; 1 judged and not accepted; 2 the server refused the request
(4xx: unknown problem, bad token...; its reason is printed) or no token was given;
3 the server could not be reached, failed (5xx), or gave no verdict in time.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Optional

import typer

if TYPE_CHECKING:
    import httpx
    from rich.console import Console

LONG_POLL_S = 30.0  # one request's wait; the server may cap it lower
REFUSED, UNAVAILABLE = 2, 3


def submit(
    problem: str = typer.Argument(..., help="the problem's slug"),
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="the solution"),
    dialect: Optional[str] = typer.Option(
        None, help="the SQL dialect; by default from a file named q.<dialect>.sql, else the problem's first"
    ),
    language: Optional[str] = typer.Option(None, help="python or sql; by default from the file's suffix"),
    server: str = typer.Option("http://localhost:8000", envvar="JUDGE_SERVER", help="the judge server's URL"),
    token: Optional[str] = typer.Option(None, envvar="JUDGE_TOKEN", show_default=False, help="your API token"),
    assignment: Optional[str] = typer.Option(
        None, help="course/assignment it counts for, where the problem is in several of your assignments"
    ),
    examples_only: bool = typer.Option(
        False, "--examples-only", help="run it on the public examples only: counted by the quotas, never graded"
    ),
    as_json: bool = typer.Option(False, "--json", help="print the result as one JSON object"),
    timeout: float = typer.Option(600.0, min=1, help="give up waiting for the verdict after this many seconds"),
) -> None:
    """Submit a solution to a judge server and wait for its verdict.

    Exits 0 if and only if it is accepted; 1 if it is not; 2 if the server refused the request (its reason is
    printed); 3 if the server could not be reached, failed, or gave no verdict in time.
    """
    from judge.cli.render import make_console, print_result
    from judge.errors import SubmissionRejected
    from judge.source import dialect_for, language_for, read_source_file
    from judge.verdicts import SubmissionResult

    console, errors = make_console(), make_console(stderr=True)
    try:
        import httpx
    except ModuleNotFoundError:
        _fail(
            errors, "`judge submit` needs httpx, part of the service's packages: pip install 'judge[service]'", REFUSED
        )
    if not token:
        _fail(errors, "no token: pass --token or set JUDGE_TOKEN", REFUSED)
    try:
        text = read_source_file(file)
    except SubmissionRejected as exc:
        _fail(errors, str(exc), REFUSED)
    body = {"problem": problem, "source": text, "language": language or language_for(file)}
    dialect = dialect or dialect_for(file)  # q.mysql.sql is MySQL
    if dialect:
        body["dialect"] = dialect
    if assignment:
        body["assignment"] = assignment
    if examples_only:
        body["examples_only"] = True
    deadline = time.monotonic() + timeout
    with httpx.Client(
        base_url=server.rstrip("/"), headers={"Authorization": f"Bearer {token}"}, timeout=httpx.Timeout(30.0)
    ) as client:
        try:
            view = _json(errors, client.post("/api/v1/submissions", json=body))
        except httpx.TransportError as exc:
            _fail(errors, f"cannot reach {server}: {exc}", UNAVAILABLE)
        view = _wait(client, errors, view, deadline, timeout)
    if as_json:
        print(json.dumps(view, indent=2))
    else:
        print_result(console, SubmissionResult.model_validate(view["result"]))
        if view.get("examples_only"):
            console.print("a run on the examples: not graded", highlight=False, markup=False)
        elif view.get("assignment"):
            lateness = f"late, {view.get('penalty_percent', 0):g}% off" if view.get("late") else "on time"
            console.print(f"for {view['assignment']}: {lateness}", highlight=False, markup=False)
        console.print(f"submission {view['id']}", style="dim", highlight=False)
    raise typer.Exit(0 if view.get("verdict") == "accepted" else 1)


def _wait(client: httpx.Client, errors: Console, view: dict, deadline: float, timeout: float) -> dict:
    """Long-poll the submission until it is finished; a dropped connection is retried until the deadline."""
    import httpx
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    path = f"/api/v1/submissions/{view['id']}"
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=errors, transient=True
    ) as progress:
        task = progress.add_task(_status_line(view), total=None)
        while view.get("status") != "finished":
            left = deadline - time.monotonic()
            if left <= 0:
                _fail(
                    errors,
                    f"no verdict after {timeout:g} s; submission {view['id']} is {view.get('status')}",
                    UNAVAILABLE,
                )
            wait = min(LONG_POLL_S, left)
            try:
                response = client.get(path, params={"wait": f"{wait:.1f}"}, timeout=wait + 30.0)
            except httpx.TransportError as exc:
                progress.update(task, description=f"{_status_line(view)} (connection lost: {exc}; retrying)")
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
                continue
            view = _json(errors, response)
            progress.update(task, description=_status_line(view))
    return view


def _status_line(view: dict) -> str:
    from rich.markup import escape

    return escape(f"{view.get('problem')}: submission {str(view.get('id', ''))[:8]} is {view.get('status')}")


def _json(errors: Console, response: httpx.Response) -> dict:
    if response.is_success:
        return response.json()
    try:
        body = response.json()
        reason = body.get("detail", response.text)
        where = body.get("compile_error") or {}
        if where.get("line") is not None:
            reason += f" (line {where['line']}" + (f", column {where['column']})" if where.get("column") else ")")
    except ValueError:
        reason = response.text.strip() or response.reason_phrase
    code = REFUSED if 400 <= response.status_code < 500 else UNAVAILABLE
    _fail(errors, f"the server answered {response.status_code}: {reason}", code)


def _fail(errors: Console, message: str, code: int) -> NoReturn:
    from rich.markup import escape

    errors.print(f"[red]error:[/] {escape(str(message))}", highlight=False)
    raise typer.Exit(code)
