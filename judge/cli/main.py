"""The `judge` command.

Each command imports what it uses when it runs, so that `judge --help` and `judge check` start fast and a
core install (no extras) runs every command that needs no service; those that do name the extra to install.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Optional

import typer

from judge.cli.admin import db_app, users_app, worker
from judge.cli.course import course_app
from judge.cli.problems import problems_app
from judge.cli.sandbox import sandbox_app
from judge.cli.sql import sql_app
from judge.cli.tokens import tokens_app
from judge.cli.similarity import similarity
from judge.cli.submit import submit

app = typer.Typer(help="A judge for data and ML interview problems.", no_args_is_help=True, add_completion=False)
app.add_typer(problems_app, name="problems")
app.add_typer(sandbox_app, name="sandbox")
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(sql_app, name="sql")
app.add_typer(course_app, name="course")
app.add_typer(tokens_app, name="tokens")
app.command("submit")(submit)
app.command("worker")(worker)
app.command("similarity")(similarity)


@app.command("resident")
def resident_command(
    idle: float = typer.Option(1800, min=1, help="stop after this many seconds without a check"),
) -> None:
    """Keep a judge running for `judge check` to hand its work to: the imports, a spare sandbox and the loaded
    problems, paid once (on JUDGE_RESIDENT_SOCKET, by default in $XDG_RUNTIME_DIR or ~/.cache/judge)."""
    from judge.cli import resident

    raise typer.Exit(resident.serve(idle, app))


@app.callback()
def _setup() -> None:
    # A SIGTERM unwinds like Ctrl-C, so that the sandbox container is removed on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


@app.command()
def check(
    problem: str = typer.Argument(..., help="a slug under the problems directory, or a problem directory"),
    solution: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    language: Optional[str] = typer.Option(None, help="python or sql; by default from the file's suffix"),
    dialect: Optional[str] = typer.Option(
        None, help="the SQL dialect; by default from a file named q.<dialect>.sql, else the problem's first"
    ),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object instead of a table"),
) -> None:
    """Judge one solution in the sandbox. Exits 0 if and only if it is accepted."""
    from judge.cli import resident
    from judge.cli.render import fail, make_console, print_result
    from judge.core import Judge
    from judge.errors import JudgeError
    from judge.settings import Settings
    from judge.source import dialect_for, language_for, read_source_file

    settings = Settings()
    try:
        loaded = resident.resolve(problem, settings.problems_dir)
        judge = resident.JUDGE or Judge(settings)  # in `judge resident`, its judge and spare sandbox
        source = judge.accept(
            loaded, read_source_file(solution), language or language_for(solution), dialect or dialect_for(solution)
        )
        result = judge.judge(loaded, source)
    except JudgeError as exc:
        fail(str(exc))
    if as_json:
        print(result.for_candidate().model_dump_json(indent=2))
    else:
        print_result(make_console(), result)
    raise typer.Exit(0 if result.verdict == "accepted" else 1)
