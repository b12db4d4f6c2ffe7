"""`judge problems`: list, show and verify the problem bank."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from judge.cli.client import SERVER, TOKEN

problems_app = typer.Typer(help="List, show and verify problems.", no_args_is_help=True)


@problems_app.command("list")
def problems_list() -> None:
    """List the problems and report broken ones."""
    from rich.table import Table

    from judge.cli.render import make_console
    from judge.problems.loader import load_all
    from judge.settings import Settings

    problems, broken = load_all(Settings().problems_dir)
    table = Table()
    for column in ("slug", "kind", "difficulty", "languages", "tests", "title"):
        table.add_column(column)
    for p in problems:
        langs = ", ".join(p.languages) + (f" ({', '.join(p.dialects())})" if p.dialects() else "")
        table.add_row(p.slug, p.kind.name, p.spec.difficulty, langs, str(len(p.tests)), p.spec.title)
    make_console().print(table)
    errors = make_console(stderr=True)
    for error in broken:
        errors.print(str(error), highlight=False)
    raise typer.Exit(1 if broken else 0)


@problems_app.command("show")
def problems_show(slug: str) -> None:
    """Print a problem's statement, with its tables, public examples and limits."""
    from rich.markdown import Markdown

    from judge.cli.render import fail, make_console
    from judge.errors import JudgeError
    from judge.problems.loader import resolve_problem
    from judge.problems.views import statement
    from judge.settings import Settings

    try:
        problem = resolve_problem(slug, Settings().problems_dir)
    except JudgeError as exc:
        fail(str(exc))
    make_console().print(Markdown(statement(problem)))


@problems_app.command("verify")
def problems_verify(slugs: list[str] = typer.Argument(None, help="problems to verify; all by default")) -> None:
    """Run every declared solution in the sandbox and check the verdict it declares."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from judge.cli.render import fail, make_console, verdict_text
    from judge.core import Judge
    from judge.errors import JudgeError, ProblemFormatError
    from judge.problems.loader import load_all, resolve_problem
    from judge.settings import Settings
    from judge.verify import verify_problem

    settings = Settings()
    console, errors = make_console(), make_console(stderr=True)
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
                fail(str(exc))
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
            if outcome.worst_case_s is not None:
                limits = problem.spec.limits.time_s * len(problem.tests)
                errors.print(f"{problem.slug}: worst-case worker time {outcome.worst_case_s:.1f} s, for "
                             f"{len(problem.tests)} tests of {problem.spec.limits.time_s:g} s "
                             f"(1.5 x {limits:g} s + {outcome.worst_case_s - 1.5 * limits:.0f} s fixed)",
                             highlight=False)
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


@problems_app.command("sync")
def problems_sync(server: str = SERVER, token: Optional[str] = TOKEN) -> None:
    """Publish the judge server's problems directory (admins): changed problems go live at once.

    A problem that does not load is refused with every fault and keeps its version; the exit status is then 1.
    """
    from judge.cli.client import Server, table
    from judge.cli.render import make_console

    report = Server(server, token).call("POST", "/api/v1/problems/sync").json()["problems"]
    table(["problem", "outcome", "version", "previous"],
          [[o["slug"], o["outcome"], (o["version"] or "")[:12], (o["previous"] or "")[:12]] for o in report])
    errors = make_console(stderr=True)
    refused = [o for o in report if o["outcome"] == "refused"]
    for outcome in refused:
        for issue in outcome["issues"]:
            where = f"{issue['file']}: {issue['field']}" if issue["field"] else issue["file"]
            errors.print(f"{outcome['slug']}: {where}: {issue['message']}", highlight=False, markup=False)
    raise typer.Exit(1 if refused else 0)
