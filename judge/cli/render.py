"""How results look in a terminal."""

from __future__ import annotations

import os

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from judge.verdicts import SubmissionResult, Verdict

# Where output goes to a log or a pipe, rich assumes 80 columns and wraps every table cell; logs can be wider.
LOG_WIDTH = 160


def make_console(stderr: bool = False) -> Console:
    console = Console(stderr=stderr)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = LOG_WIDTH
    return console


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


def print_view(console: Console, view: dict) -> None:
    """Like print_result, from a result's public view (a JSON object, as the API returns it)."""
    language = view.get("language", "")
    if view.get("dialect"):
        language += f", {view['dialect']}"
    table = Table(title=escape(f"{view.get('problem', '')} ({language})"), show_lines=False)
    for column in ("test", "visibility", "verdict", "time ms", "memory KiB", "detail"):
        table.add_column(column, overflow="fold")
    for test in view.get("tests", []):
        time_ms, memory_kb = test.get("time_ms"), test.get("memory_kb")
        table.add_row(escape(test.get("name", "")), test.get("visibility", ""), _verdict_text(test.get("verdict")),
                      "" if time_ms is None else f"{time_ms:.1f}", "" if memory_kb is None else str(memory_kb),
                      escape(_detail(test.get("feedback") or {})))
    console.print(table)
    compile_error = view.get("compile_error")
    if compile_error:
        where = ""
        if compile_error.get("line") is not None:
            where = f" at line {compile_error['line']}"
            if compile_error.get("column") is not None:
                where += f", column {compile_error['column']}"
        console.print(f"[yellow]compile error{where}:[/] {escape(compile_error.get('message', ''))}", markup=True,
                      highlight=False)
    if view.get("message"):
        console.print(f"[magenta]{escape(view['message'])}[/]", highlight=False)
    score = view.get("score")
    console.print(f"verdict: {_verdict_text(view.get('verdict'))}   "
                  f"score: {'-' if score is None else f'{score:.1f}'}/100")


def _verdict_text(value: str | None) -> str:
    try:
        return verdict_text(Verdict(value))
    except ValueError:
        return str(value)
