"""How results look in a terminal: one renderer, for `judge check` and `judge submit` alike."""

from __future__ import annotations

import os
from typing import NoReturn

import typer
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


def fail(message: str, code: int = 2) -> NoReturn:
    make_console(stderr=True).print(f"[red]error:[/] {escape(str(message))}", highlight=False)
    raise typer.Exit(code)


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
    """The per-test table, any compile error or message of the judge's, then the verdict and score."""
    shown = result.for_candidate()
    language = shown.language + (f", {shown.dialect}" if shown.dialect else "")
    table = Table(title=escape(f"{shown.problem} ({language})"), show_lines=False)
    for column in ("test", "visibility", "verdict", "time ms", "memory KiB", "detail"):
        table.add_column(column, overflow="fold")
    for test in shown.tests:
        table.add_row(
            escape(test.name),
            test.visibility.value,
            verdict_text(test.verdict),
            "" if test.wall_ms is None else f"{test.wall_ms:.1f}",
            "" if test.memory_kb is None else str(test.memory_kb),
            escape(_detail(test.feedback)),
        )
    console.print(table)
    if shown.compile_error:
        where = ""
        if shown.compile_error.line is not None:
            where = f" at line {shown.compile_error.line}"
            if shown.compile_error.column is not None:
                where += f", column {shown.compile_error.column}"
        console.print(f"[yellow]compile error{where}:[/] {escape(shown.compile_error.message)}", highlight=False)
    if shown.message:
        console.print(f"[magenta]{escape(shown.message)}[/]", highlight=False)
    console.print(f"verdict: {verdict_text(shown.verdict)}   score: {shown.score:.1f}/100")
