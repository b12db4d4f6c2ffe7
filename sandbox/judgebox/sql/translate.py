"""From a candidate's query to what an engine runs: parse, check, and translate where the dialect needs it."""

from __future__ import annotations

from typing import Any

from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError, UnsupportedError
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.optimizer.qualify import qualify

from judgebox.errors import CompileError
from judgebox.sql.dialects import SqlDialect, dialect as dialect_named
from judgebox.sql.guard import check_query
from judgebox.sql.parsing import parse_single, plain

ENGINE_DIALECT = "duckdb"


@dataclass(frozen=True)
class Plan:
    source: str
    dialect: SqlDialect
    engine_sql: str

    @property
    def translated(self) -> bool:
        return self.dialect.translated

    @property
    def engine(self) -> str:
        return self.dialect.engine


def plan(source: str, dialect: str, schema: dict[str, dict[str, str]]) -> Plan:
    """Raises CompileError, with the candidate's line and column where known."""
    sql_dialect = dialect_named(dialect)
    tree = parse_single(source, sql_dialect.reader)
    check_query(tree, set(schema))
    if not sql_dialect.translated:
        return Plan(source, sql_dialect, source)
    typed = _typed(tree, schema, sql_dialect.reader)
    for rewrite in sql_dialect.rewrites:
        typed = typed.transform(rewrite)
    try:
        engine_sql = typed.sql(dialect=ENGINE_DIALECT, unsupported_level=ErrorLevel.RAISE)
    except UnsupportedError as exc:
        raise CompileError(f"this {dialect} feature cannot be run faithfully: {_first_line(exc)}") from None
    return Plan(source, sql_dialect, engine_sql)


def _typed(tree: exp.Expression, schema: dict[str, Any], reader: Any) -> exp.Expression:
    """Qualified and typed, so that integer division and typed rewrites come out right.

    When sqlglot cannot qualify the query (an unknown column, or a construct
    it does not follow), the query goes on unqualified: DuckDB's binder then
    gives the better message, with its suggestions, or runs a valid query.
    """
    named: dict[str, object] = dict(_in_dialect(schema, reader))
    try:
        qualified = qualify(
            tree.copy(),
            schema=named,
            dialect=reader,
            validate_qualify_columns=True,
            quote_identifiers=False,
            identify=False,
        )
    except SqlglotError:
        qualified = tree.copy()
    try:
        return annotate_types(qualified, schema=named, dialect=reader)
    except SqlglotError:
        return qualified


def _in_dialect(schema: dict[str, dict[str, str]], reader: Any) -> dict[str, dict[str, str]]:
    """The schema's DuckDB types as the candidate's dialect names them: DuckDB's TIMESTAMP is BigQuery's
    DATETIME, not BigQuery's TIMESTAMP, which has a time zone."""
    converted: dict[str, dict[str, str]] = {}
    for table, columns in schema.items():
        converted[table] = {}
        for column, kind in columns.items():
            try:
                converted[table][column] = exp.DataType.build(kind, dialect=ENGINE_DIALECT).sql(dialect=reader)
            except SqlglotError:
                converted[table][column] = kind
    return converted


def _first_line(exc: Exception) -> str:
    text = plain(str(exc))
    return text.splitlines()[0] if text else type(exc).__name__
