"""`judge problems`: list, show and verify the problem bank."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from judgebox.protocol import STARVED_FACTOR

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
def problems_verify(
    slugs: list[str] = typer.Argument(None, help="problems to verify; all by default"),
    mutants: bool = typer.Option(
        False, "--mutants", help="also judge every mutant of each reference (judge problems mutate)"
    ),
    rules: bool = typer.Option(
        True, "--rules/--no-rules", help="rule coverage: every rule of the statement has a test that fails its breakers"
    ),
) -> None:
    """Run every declared solution in the sandbox and check the verdict it declares, and rule coverage."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from judge.cli.render import fail, make_console, verdict_text
    from judge.core import Judge
    from judge.errors import JudgeError, ProblemFormatError
    from judge.problems.loader import load_all, resolve_problem
    from judge.settings import Settings
    from judge.sandbox.job import LOAD_ALLOWANCE_S
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
    coverage = Table(title="rule coverage: the tests of each rule its breakers fail")
    for column in ("problem", "rule", "broken by", "tests failed"):
        coverage.add_column(column, overflow="fold")
    summary = Table(title="verification")
    for column in ("problem", "solution", "expected", "got", "score", "max CPU ms", "max wall ms", "ok"):
        summary.add_column(column, overflow="fold")
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=errors, transient=True
    ) as progress:
        task = progress.add_task("", total=None)
        for problem in problems:
            try:
                outcome = verify_problem(
                    judge,
                    problem,
                    lambda f, s=problem.slug: progress.update(task, description=f"{s}: {f}"),
                    check_rules=rules,
                )
            except JudgeError as exc:
                failures.append(f"{problem.slug}: {exc}")
                continue
            for item in outcome.outcomes:
                cpu = [t.cpu_ms for t in item.result.tests if t.cpu_ms is not None]
                walls = [t.wall_ms for t in item.result.tests if t.wall_ms is not None]
                summary.add_row(
                    problem.slug,
                    Path(item.solution.file).name,
                    item.solution.expect.value,
                    verdict_text(item.result.verdict),
                    f"{item.result.score:.1f}",
                    f"{max(cpu):.0f}" if cpu else "",
                    f"{max(walls):.0f}" if walls else "",
                    "[green]yes[/]" if not item.failures else "[red]NO[/]",
                )
            wrong_total = sum(1 for o in outcome.outcomes if o.solution.expect != "accepted")
            for group in outcome.strength:
                caught = f"{len(group.caught)}/{wrong_total}" + (" (performance)" if group.performance else "")
                style = "" if group.caught or group.performance else "[red]"
                strength.add_row(
                    problem.slug, group.group, f"{style}{caught}", ", ".join(Path(f).stem for f in group.caught)
                )
            for rule in outcome.rules:
                style = "" if len(rule.failed) == len(rule.tests) else "[red]"
                coverage.add_row(
                    problem.slug,
                    rule.rule,
                    ", ".join(Path(f).stem for f in rule.breakers),
                    f"{style}{len(rule.failed)}/{len(rule.tests)}: {', '.join(rule.failed)}",
                )
            if outcome.worst_case_s is not None:
                limits = problem.spec.limits.time_s * len(problem.tests)
                errors.print(
                    f"{problem.slug}: worst-case worker time {outcome.worst_case_s:.1f} s, for "
                    f"{len(problem.tests)} tests of {problem.spec.limits.time_s:g} s: a budget of 1.5 x {limits:g} s "
                    f"+ {LOAD_ALLOWANCE_S:g} s given the CPU, {STARVED_FACTOR:g} times over on a busy machine, "
                    "and the container's fixed allowance",
                    highlight=False,
                )
            if outcome.reference_max_ms is not None:
                ratio = outcome.time_limit_ms / max(outcome.reference_max_ms, 1e-3)
                wall = (
                    f", {outcome.reference_max_wall_ms:.0f} ms of wall time"
                    if outcome.reference_max_wall_ms is not None
                    else ""
                )
                errors.print(
                    f"{problem.slug}: reference's slowest test {outcome.reference_max_ms:.0f} ms of CPU "
                    f"time{wall}; CPU time limit {outcome.time_limit_ms:.0f} ms ({ratio:.1f}x)",
                    highlight=False,
                )
            failures += [f"{problem.slug}: {f}" for f in outcome.failures]
    console.print(summary)
    console.print(strength)
    if rules:
        console.print(coverage)
    if mutants:
        failures += _mutation_failures(judge, problems, errors)
    for failure in failures:
        errors.print(f"[red]FAIL[/] {failure}", highlight=False)
    if failures:
        raise typer.Exit(1)
    console.print(f"[green]all {len(problems)} problem(s) verified[/]")


def _record(path: Path, slug: str, report, limit: int | None) -> None:
    import datetime as dt
    import json

    scores = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    scores[slug] = {
        "mutants": len(report.outcomes),
        "stillborn": report.count("stillborn"),
        "killed": report.count("killed"),
        "equivalent": report.count("equivalent"),
        "survived": len(report.survivors),
        "score": round(report.score, 4),
        "sampled": limit is not None,
        "measured": dt.date.today().isoformat(),
    }
    path.write_text(json.dumps(dict(sorted(scores.items())), indent=1) + "\n", encoding="utf-8")


def _mutation_failures(judge, problems, errors) -> list[str]:
    from judge.mutation.run import TARGET, mutate

    failures = []
    for problem in problems:
        report = mutate(judge, problem)
        errors.print(
            f"{problem.slug}: mutation score {report.score:.0%} ({len(report.outcomes)} mutants, "
            f"{len(report.survivors)} surviving)",
            highlight=False,
        )
        if report.score < TARGET:
            failures.append(
                f"{problem.slug}: mutation score {report.score:.0%}, under {TARGET:.0%}; survivors: "
                + ", ".join(o.mutant.id for o in report.survivors)
            )
        failures += [f"{problem.slug}: declared equivalent but no longer made: {stale}" for stale in report.stale]
    return failures


@problems_app.command("mutate")
def problems_mutate(
    slugs: list[str] = typer.Argument(None, help="problems to mutate; all by default"),
    limit: Optional[int] = typer.Option(
        None, min=1, help="judge at most this many mutants of each problem (the same ones each time)"
    ),
    min_score: float = typer.Option(0.9, help="exit 1 if a problem scores below this"),
    record: Optional[Path] = typer.Option(
        None,
        help="write each problem's counts and score into "
        "this JSON file (docs/mutation-scores.json "
        "feeds docs/problems.md)",
    ),
) -> None:
    """Put small faults into each reference solution and judge them: the tests should catch every one.

    A survivor is a blind spot of the tests: add a test that fails it, or declare it equivalent in
    problem.yaml (`mutants: {equivalent: {ID: reason}}`).
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from judge.cli.render import fail, make_console
    from judge.core import Judge
    from judge.errors import JudgeError
    from judge.mutation.run import mutate
    from judge.problems.loader import load_all, resolve_problem
    from judge.settings import Settings

    settings = Settings()
    console, errors = make_console(), make_console(stderr=True)
    try:
        problems = (
            [resolve_problem(s, settings.problems_dir) for s in slugs] if slugs else load_all(settings.problems_dir)[0]
        )
    except JudgeError as exc:
        fail(str(exc))
    judge = Judge(settings)
    table = Table(title="mutation testing: mutants of each reference, judged against its tests")
    for column in ("problem", "mutants", "stillborn", "killed", "equivalent", "survived", "score"):
        table.add_column(column)
    low = []
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=errors, transient=True
    ) as progress:
        task = progress.add_task("", total=None)
        for problem in problems:
            report = mutate(
                judge, problem, limit, lambda text, s=problem.slug: progress.update(task, description=f"{s}: {text}")
            )
            table.add_row(
                problem.slug,
                str(len(report.outcomes)),
                str(report.count("stillborn")),
                str(report.count("killed")),
                str(report.count("equivalent")),
                str(len(report.survivors)),
                f"{report.score:.0%}",
            )
            for outcome in report.survivors:
                errors.print(
                    f"{problem.slug}: survived {outcome.mutant.id} ({outcome.status})", markup=False, highlight=False
                )
            for stale in report.stale:
                errors.print(
                    f"{problem.slug}: declared equivalent but no longer made: {stale}", markup=False, highlight=False
                )
            if report.score < min_score or report.stale:
                low.append(problem.slug)
            if record is not None:
                _record(record, problem.slug, report, limit)
    console.print(table)
    if low:
        errors.print(f"below {min_score:.0%} or with stale declarations: {', '.join(low)}", markup=False)
        raise typer.Exit(1)


@problems_app.command("sync")
def problems_sync(
    server: str = SERVER,
    token: Optional[str] = TOKEN,
    wait: float = typer.Option(
        300, help="seconds to wait for pending problems (their reference outputs derived by a worker); 0: do not"
    ),
) -> None:
    """Publish the judge server's problems directory (admins): changed problems go live at once, or once a
    worker has derived their reference outputs (pending: this waits for them).

    A problem that does not load, or whose reference fails, is refused with every fault and keeps its version;
    the exit status is then 1 (2 if one was still pending when the wait ended).
    """
    import time

    from judge.cli.client import Server, table
    from judge.cli.render import make_console

    client = Server(server, token)
    report = client.call("POST", "/api/v1/problems/sync").json()["problems"]
    deadline = time.monotonic() + wait
    for outcome in report:
        while outcome["outcome"] == "pending" and time.monotonic() < deadline:
            time.sleep(0.5)
            versions = client.call("GET", f"/api/v1/problems/{outcome['slug']}/versions").json()
            state = next((v for v in versions if v["version"] == outcome["pending"]), None)
            if state is not None and state["state"] == "published":
                outcome.update(outcome="new" if outcome["version"] is None else "updated", version=state["version"])
            elif state is not None and state["state"] == "refused":
                outcome.update(
                    outcome="refused",
                    issues=[{"file": "reference", "field": "", "message": state["refused"] or "it fails"}],
                )
    table(
        ["problem", "outcome", "version", "previous"],
        [[o["slug"], o["outcome"], (o["version"] or "")[:12], (o["previous"] or "")[:12]] for o in report],
    )
    errors = make_console(stderr=True)
    refused = [o for o in report if o["outcome"] == "refused"]
    for outcome in refused:
        for issue in outcome["issues"]:
            where = f"{issue['file']}: {issue['field']}" if issue["field"] else issue["file"]
            errors.print(f"{outcome['slug']}: {where}: {issue['message']}", highlight=False, markup=False)
    pending = [o["slug"] for o in report if o["outcome"] == "pending"]
    if pending:
        errors.print(f"still pending (no worker has derived their reference outputs yet): {', '.join(pending)}")
    raise typer.Exit(1 if refused else 2 if pending else 0)
