"""The `judge` command."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from judge.cli.admin import db_app, users_app
from judge.cli.render import make_console, print_result, verdict_text
from judge.cli.sql import sql_app
from judge.cli.submit import submit
from judge.core import Judge
from judge.errors import JudgeError, ProblemFormatError
from judge.problems.loader import load_all, resolve_problem
from judge.settings import Settings

app = typer.Typer(help="A judge for data and ML interview problems.", no_args_is_help=True, add_completion=False)
problems_app = typer.Typer(help="List, show and verify problems.", no_args_is_help=True)
sandbox_app = typer.Typer(help="Build the sandbox image and clean up after it.", no_args_is_help=True)
app.add_typer(problems_app, name="problems")
app.add_typer(sandbox_app, name="sandbox")
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(sql_app, name="sql")
app.command("submit")(submit)
console = make_console()
errors = make_console(stderr=True)
LANGUAGE_BY_SUFFIX = {".py": "python", ".sql": "sql"}


@app.callback()
def _setup() -> None:
    # A SIGTERM unwinds like Ctrl-C, so that the sandbox container is removed on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def _fail(message: str, code: int = 2) -> None:
    errors.print(f"[red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def check(
    problem: str = typer.Argument(..., help="a slug under the problems directory, or a problem directory"),
    solution: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    language: Optional[str] = typer.Option(None, help="python or sql; by default from the file's suffix"),
    dialect: Optional[str] = typer.Option(None, help="the SQL dialect; by default the problem's first"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object instead of a table"),
) -> None:
    """Judge one solution in the sandbox. Exits 0 if and only if it is accepted."""
    settings = Settings()
    try:
        loaded = resolve_problem(problem, settings.problems_dir)
        judge = Judge(settings)
        submission = judge.submission(loaded, solution.read_text(encoding="utf-8", errors="replace"),
                                      language or LANGUAGE_BY_SUFFIX.get(solution.suffix), dialect)
        result = judge.judge(loaded, submission)
    except JudgeError as exc:
        _fail(str(exc))
    if as_json:
        print(json.dumps(result.public_view(), indent=2))
    else:
        print_result(console, result)
    raise typer.Exit(0 if result.verdict == "accepted" else 1)


@problems_app.command("list")
def problems_list() -> None:
    """List the problems and report broken ones."""
    settings = Settings()
    problems, broken = load_all(settings.problems_dir)
    table = Table()
    for column in ("slug", "kind", "difficulty", "languages", "tests", "title"):
        table.add_column(column)
    for p in problems:
        langs = ", ".join(p.languages) + (f" ({', '.join(p.dialects())})" if p.dialects() else "")
        table.add_row(p.slug, p.kind.name, p.spec.difficulty, langs, str(len(p.tests)), p.spec.title)
    console.print(table)
    for error in broken:
        errors.print(str(error), highlight=False)
    raise typer.Exit(1 if broken else 0)


@problems_app.command("show")
def problems_show(slug: str) -> None:
    """Print a problem's statement."""
    settings = Settings()
    try:
        problem = resolve_problem(slug, settings.problems_dir)
    except JudgeError as exc:
        _fail(str(exc))
    from rich.markdown import Markdown

    from judge.api.public import examples
    from judge.problems.render import render_statement

    console.print(Markdown(render_statement(problem, examples(problem))))


@problems_app.command("verify")
def problems_verify(slugs: list[str] = typer.Argument(None, help="problems to verify; all by default")) -> None:
    """Run every declared solution in the sandbox and check the verdict it declares."""
    from judge.verify import verify_problem

    settings = Settings()
    judge = Judge(settings)
    failures: list[str] = []
    if slugs:
        problems, broken = [], []
        for slug in slugs:
            try:
                problems.append(resolve_problem(slug, settings.problems_dir))
            except ProblemFormatError as exc:
                broken.append(exc)
            except JudgeError as exc:
                _fail(str(exc))
    else:
        problems, broken = load_all(settings.problems_dir)
    failures += [str(error) for error in broken]
    strength = Table(title="test strength: the wrong solutions each hidden group fails")
    for column in ("problem", "hidden group", "caught", "wrong solutions it fails"):
        strength.add_column(column, overflow="fold")
    summary = Table(title="verification")
    for column in ("problem", "solution", "expected", "got", "score", "max test ms", "ok"):
        summary.add_column(column, overflow="fold")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=errors,
                  transient=True) as progress:
        task = progress.add_task("", total=None)
        for problem in problems:
            try:
                outcome = verify_problem(judge, problem,
                                         lambda f, s=problem.slug: progress.update(task, description=f"{s}: {f}"))
            except JudgeError as exc:
                failures.append(f"{problem.slug}: {exc}")
                continue
            for item in outcome.outcomes:
                times = [t.time_ms for t in item.result.tests if t.time_ms is not None]
                summary.add_row(problem.slug, Path(item.solution.file).name, item.solution.expect.value,
                                verdict_text(item.result.verdict), f"{item.result.score:.1f}",
                                f"{max(times):.0f}" if times else "", "[green]yes[/]" if not item.failures else "[red]NO[/]")
            wrong_total = sum(1 for o in outcome.outcomes if o.solution.expect != "accepted")
            for group in outcome.strength:
                caught = f"{len(group.caught)}/{wrong_total}" + (" (performance)" if group.performance else "")
                style = "" if group.caught or group.performance else "[red]"
                strength.add_row(problem.slug, group.group, f"{style}{caught}",
                                 ", ".join(Path(f).stem for f in group.caught))
            if outcome.reference_max_ms is not None:
                ratio = outcome.time_limit_ms / max(outcome.reference_max_ms, 1e-3)
                errors.print(f"{problem.slug}: reference's slowest test {outcome.reference_max_ms:.0f} ms, "
                             f"time limit {outcome.time_limit_ms:.0f} ms ({ratio:.1f}x)", highlight=False)
            failures += [f"{problem.slug}: {f}" for f in outcome.failures]
    console.print(summary)
    console.print(strength)
    for failure in failures:
        errors.print(f"[red]FAIL[/] {failure}", highlight=False)
    if failures:
        raise typer.Exit(1)
    console.print(f"[green]all {len(problems)} problem(s) verified[/]")


@sandbox_app.command("build")
def sandbox_build(base: Optional[str] = typer.Option(None, help="base image; found or made when not given"),
                  force: bool = typer.Option(False, help="build even when the image is current")) -> None:
    """Build the sandbox image (downloads wheels on the host; no registry needed)."""
    from judge.sandbox.image import build_image, image_is_current

    settings = Settings()
    judge = Judge(settings)
    if not force and image_is_current(judge.sandbox.client, settings.sandbox.image):
        console.print(f"{settings.sandbox.image} is current")
        return
    build_image(judge.sandbox.client, settings.sandbox.image, base=base, log=console.print)
    console.print(f"built {settings.sandbox.image}")


@sandbox_app.command("reap")
def sandbox_reap(everything: bool = typer.Option(False, "--all", help="remove every sandbox container"),
                 older_than: Optional[float] = typer.Option(None, help="also remove containers older than this (s)")
                 ) -> None:
    """Remove sandbox containers left behind by judges that died."""
    from judge.sandbox.reaper import reap

    settings = Settings()
    removed = reap(Judge(settings).sandbox.client, max_age_s=older_than, everything=everything)
    console.print(f"removed {len(removed)} container(s)")
