"""Parse a candidate's query in their dialect and produce the DuckDB text to run."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, OptimizeError, ParseError, SqlglotError, TokenError, UnsupportedError
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.optimizer.qualify import qualify

from judgebox.errors import CompileError
from judgebox.sqlguard import check_query

ENGINE_DIALECT = "duckdb"


@dataclass(frozen=True)
class Translation:
    source: str
    dialect: str
    engine_sql: str

    @property
    def translated(self) -> bool:
        return self.dialect != ENGINE_DIALECT


def parse_single(source: str, dialect: str) -> exp.Expression:
    try:
        statements = [s for s in sqlglot.parse(source, read=dialect) if s is not None]
    except ParseError as exc:
        first = exc.errors[0] if exc.errors else {}
        excerpt = (first.get("start_context", "") + first.get("highlight", ""))[-60:].strip()
        message = first.get("description", "syntax error")
        if excerpt:
            message += f" near {excerpt!r}"
        raise CompileError(message, first.get("line"), first.get("col")) from None
    except TokenError as exc:
        raise _token_error(source, exc) from None
    if len(statements) != 1:
        raise CompileError(f"submit exactly one SQL statement (found {len(statements)})")
    return statements[0]


def translate(source: str, dialect: str, schema: dict[str, dict[str, str]]) -> Translation:
    tree = parse_single(source, dialect)
    check_query(tree, set(schema))
    if dialect == ENGINE_DIALECT:
        return Translation(source, dialect, source)
    try:
        qualified = qualify(tree.copy(), schema=schema, dialect=dialect, validate_qualify_columns=True,
                            quote_identifiers=False, identify=False)
        typed = annotate_types(qualified, schema=schema, dialect=dialect)
    except OptimizeError as exc:
        raise CompileError(_plain(str(exc))) from None
    except SqlglotError:
        typed = tree  # sqlglot could not qualify a valid query; fall back to a plain translation
    try:
        engine_sql = typed.sql(dialect=ENGINE_DIALECT, unsupported_level=ErrorLevel.RAISE)
    except UnsupportedError as exc:
        raise CompileError(f"this {dialect} feature cannot be run faithfully: {_plain(str(exc))}") from None
    return Translation(source, dialect, engine_sql)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The tokenizer's own error ("Missing ' from 1:7") names a line and a character offset.
_TOKEN_AT = re.compile(r"\s+from \d+:(\d+)$")


def _token_error(source: str, exc: TokenError) -> CompileError:
    cause = exc.__cause__ if isinstance(exc.__cause__, TokenError) else exc
    text = _plain(str(cause))
    match = _TOKEN_AT.search(text)
    if not match:
        return CompileError(f"could not read the query: {text}")
    offset = min(int(match.group(1)), len(source))
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return CompileError(f"could not read the query: {text[:match.start()]}", line, column)


def _plain(text: str) -> str:
    return _ANSI.sub("", text).strip()
