"""Engine error messages, told in terms of the candidate's own query."""

from __future__ import annotations

import difflib
import re

from judgebox.errors import CompileError
from judgebox.sql.parsing import excerpt_at, locate, plain

_LINE = re.compile(r"^LINE (\d+): ?", re.MULTILINE)
_QUOTED_NAME = re.compile(r'"([^"]+)"')
_SQLITE_NO_SUCH = re.compile(r"^no such (column|table|function): (\S+)")
_SQLITE_NEAR = re.compile(r'^near "([^"]+)": syntax error')
MAX_LINES = 4


def duckdb_compile_error(message: str, source: str, translated: bool) -> CompileError:
    """DuckDB's message without its excerpt, which shows the translated query when there is one."""
    message = plain(message)
    match = _LINE.search(message)
    text = message[: match.start()] if match else message
    text = _first_lines(re.sub(r"^\w+ Error: ", "", text))
    line = column = None
    if match and not translated:
        line, column = _caret_position(message, match)
    if line is None:
        name = _QUOTED_NAME.search(text)
        line, column = locate(source, name.group(1)) if name else (None, None)
    return CompileError(text, line, column)


def sqlite_compile_error(message: str, source: str, names: dict[str, list[str]]) -> CompileError:
    """SQLite's message, with a suggestion for a misspelt name and the position of the culprit."""
    message = plain(message)
    no_such = _SQLITE_NO_SUCH.match(message)
    near = _SQLITE_NEAR.match(message)
    word = no_such.group(2).split(".")[-1] if no_such else near.group(1) if near else ""
    line, column = locate(source, word)
    if no_such:
        close = difflib.get_close_matches(word.lower(), names.get(no_such.group(1), []), n=3, cutoff=0.6)
        if close:
            message += "\nDid you mean " + " or ".join(f'"{c}"' for c in close) + "?"
    elif near and line and column is not None:
        excerpt = excerpt_at(source, line, column + len(word) - 1)
        message = f"syntax error near {excerpt!r}" if excerpt else message
    return CompileError(message, line, column)


def _caret_position(message: str, match: re.Match[str]) -> tuple[int | None, int | None]:
    rest = message[match.end() :].split("\n")
    if len(rest) < 2 or "^" not in rest[1]:
        return int(match.group(1)), None
    return int(match.group(1)), rest[1].index("^") - len(match.group(0)) + 1


def _first_lines(text: str) -> str:
    return "\n".join(line for line in text.strip().splitlines()[:MAX_LINES] if line.strip())
