"""Parsing one statement in a dialect, with errors that point into the candidate's own text."""

from __future__ import annotations

import re
from typing import Any, cast

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from judgebox.errors import CompileError

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The tokenizer's own error ("Missing ' from 1:7") names a line and a character offset.
_TOKEN_AT = re.compile(r"\s+from \d+:(\d+)$")
EXCERPT_CHARS = 40


def parse_single(source: str, read: Any) -> exp.Expression:
    try:
        statements = [s for s in sqlglot.parse(source, read=read) if s is not None]
    except ParseError as exc:
        first = exc.errors[0] if exc.errors else {}
        line, column = first.get("line"), first.get("col")
        message = plain(first.get("description", "syntax error"))
        excerpt = excerpt_at(source, line, column)
        if excerpt:
            message += f" near {excerpt!r}"
        raise CompileError(message, line, column) from None
    except TokenError as exc:
        raise _token_error(source, exc) from None
    if len(statements) != 1:
        raise CompileError(f"submit exactly one SQL statement (found {len(statements)})")
    return cast(exp.Expression, statements[0])


def excerpt_at(source: str, line: int | None, column: int | None) -> str:
    """The candidate's text on that line, up to and including the column."""
    if not line:
        return ""
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    text = lines[line - 1]
    end = len(text) if not column else min(len(text), column)
    return text[max(0, end - EXCERPT_CHARS) : end].strip()


def locate(source: str, word: str) -> tuple[int | None, int | None]:
    """Line and column of the first whole-word, case-insensitive occurrence of word in source."""
    match = re.search(rf"(?<![\w.]){re.escape(word)}(?!\w)", source, re.IGNORECASE) if word else None
    if match is None:
        return None, None
    line = source.count("\n", 0, match.start()) + 1
    return line, match.start() - (source.rfind("\n", 0, match.start()) + 1) + 1


def _token_error(source: str, exc: TokenError) -> CompileError:
    cause = exc.__cause__ if isinstance(exc.__cause__, TokenError) else exc
    text = plain(str(cause))
    match = _TOKEN_AT.search(text)
    if not match:
        return CompileError(f"could not read the query: {text}")
    offset = min(int(match.group(1)), len(source))
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return CompileError(f"could not read the query: {text[: match.start()]}", line, column)


def plain(text: str) -> str:
    return _ANSI.sub("", text).strip()
