"""How results look in a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from judge.verdicts import SubmissionResult, Verdict

STYLE = {Verdict.ACCEPTED: "green", Verdict.WRONG_ANSWER: "red", Verdict.INTERNAL_ERROR: "magenta"}


def verdict_text(verdict: Verdict) -> str:
    return f"[{STYLE.get(verdict, 'yellow')}]{verdict.value}[/]"


def _detail(feedback: dict) -> str:
    parts = []
    if feedback.get("message"):
        parts.append(str(feedback["message"]))
    for key in ("missing_rows", "unexpected_rows"):
        if feedback.get(key):
            parts.append(f"{key.replace('_', ' ')}: {feedback[key][:3]}")
    for key in ("expected", "actual"):
        if key in feedback and not feedback.get("message"):
            parts.append(f"{key}: {feedback[key]}")
    if "value" in feedback:
        parts.append(f"{feedback.get('metric')} = {feedback['value']} (pass at {feedback.get('threshold')})")
    return "\n".join(parts)[:600]


def print_result(console: Console, result: SubmissionResult) -> None:
    table = Table(title=f"{result.problem} ({result.language})", show_lines=False)
    for column in ("test", "visibility", "verdict", "time ms", "memory KiB", "detail"):
        table.add_column(column, overflow="fold")
    for test in result.tests:
        view = test.public_view()
        table.add_row(test.name, test.visibility.value, verdict_text(test.verdict),
                      "" if test.time_ms is None else f"{test.time_ms:.1f}",
                      "" if test.memory_kb is None else str(test.memory_kb), _detail(view.get("feedback", {})))
    console.print(table)
    if result.compile_error:
        where = ""
        if result.compile_error.line is not None:
            where = f" at line {result.compile_error.line}"
            if result.compile_error.column is not None:
                where += f", column {result.compile_error.column}"
        console.print(f"[yellow]compile error{where}:[/] {result.compile_error.message}", markup=True, highlight=False)
    if result.message:
        console.print(f"[magenta]{result.message}[/]")
    console.print(f"verdict: {verdict_text(result.verdict)}   score: {result.score:.1f}/100")
