"""Fixes for places where sqlglot's translation to DuckDB keeps the syntax but changes the meaning.

Each rewrite is a pure function over one node, applied with
``Expression.transform`` after ``qualify`` and ``annotate_types``; the
dialect modules say which apply. A fix that needs a DuckDB function of our
own uses a macro from ``MACROS``, created on the connection before it is locked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from judgebox.errors import CompileError
from judgebox.sql.formats import format_expression

if TYPE_CHECKING:
    from judgebox.sql.dialects import Rewrite

SUBSTRING_INDEX_MACRO = "judge_substring_index"
MACROS = (
    # MySQL's SUBSTRING_INDEX(s, delimiter, n): everything before the n-th delimiter, or after the n-th from the end.
    f"CREATE TEMP MACRO {SUBSTRING_INDEX_MACRO}(s, d, n) AS CASE "
    "WHEN n > 0 THEN array_to_string(string_split(s, d)[1:n], d) "
    "WHEN n < 0 THEN array_to_string(string_split(s, d)[n:], d) ELSE '' END",
)

_TEXT_TYPES = {
    exp.DataType.Type.VARCHAR,
    exp.DataType.Type.TEXT,
    exp.DataType.Type.CHAR,
    exp.DataType.Type.NCHAR,
    exp.DataType.Type.NVARCHAR,
}
_NUMERIC_TYPES = exp.DataType.NUMERIC_TYPES if hasattr(exp.DataType, "NUMERIC_TYPES") else set()


def _plus(node: exp.Expression, amount: int) -> exp.Expression:
    op = exp.Add if amount > 0 else exp.Sub
    return exp.Paren(this=op(this=node, expression=exp.Literal.number(abs(amount))))


def day_of_week_from_one(node: exp.Expression) -> exp.Expression:
    """MySQL's DAYOFWEEK counts 1 (Sunday) to 7; DuckDB's counts 0 to 6."""
    if isinstance(node, exp.DayOfWeek):
        return _plus(node.copy(), 1)
    return node


def extract_day_of_week_from_one(node: exp.Expression) -> exp.Expression:
    """BigQuery's EXTRACT(DAYOFWEEK ...) counts 1 (Sunday) to 7; DuckDB's counts 0 to 6."""
    if isinstance(node, exp.Extract) and node.this.name.upper() in ("DAYOFWEEK", "DOW"):
        return _plus(node.copy(), 1)
    return node


def weekday_from_monday(node: exp.Expression) -> exp.Expression:
    """MySQL's WEEKDAY counts 0 (Monday) to 6; DuckDB's weekday() is its dayofweek (0 = Sunday)."""
    if isinstance(node, exp.Anonymous) and str(node.this).upper() == "WEEKDAY" and len(node.expressions) == 1:
        return _plus(exp.DayOfWeekIso(this=node.expressions[0].copy()), -1)
    return node


def substring_index(node: exp.Expression) -> exp.Expression:
    """MySQL's SUBSTRING_INDEX has no DuckDB counterpart; sqlglot passes it through unchanged."""
    if isinstance(node, exp.SubstringIndex):
        args = [node.this, node.args.get("delimiter"), node.args.get("count")]
        return exp.Anonymous(this=SUBSTRING_INDEX_MACRO, expressions=[a.copy() for a in args if a is not None])
    return node


def _is_text(node: exp.Expression) -> bool:
    return isinstance(node.type, exp.DataType) and node.type.this in _TEXT_TYPES


def case_insensitive_text(node: exp.Expression) -> exp.Expression:
    """MySQL compares strings case-insensitively under its default collation, in = <> IN and LIKE."""
    if isinstance(node, exp.Like):
        return exp.ILike(this=node.this.copy(), expression=node.expression.copy())
    if isinstance(node, (exp.EQ, exp.NEQ)) and (_is_text(node.this) or _is_text(node.expression)):
        return node.__class__(this=exp.Lower(this=node.this.copy()), expression=exp.Lower(this=node.expression.copy()))
    if isinstance(node, exp.In) and node.expressions and (_is_text(node.this) or any(map(_is_text, node.expressions))):
        return exp.In(
            this=exp.Lower(this=node.this.copy()), expressions=[exp.Lower(this=e.copy()) for e in node.expressions]
        )
    return node


def date_trunc_keeps_date(node: exp.Expression) -> exp.Expression:
    """BigQuery's DATE_TRUNC of a DATE is a DATE; DuckDB's date_trunc returns a TIMESTAMP."""
    if isinstance(node, exp.DateTrunc) and node.this.is_type(exp.DataType.Type.DATE):
        return exp.Cast(this=node.copy(), to=exp.DataType.build("DATE"))
    return node


def oracle_to_char(flavour: str) -> Rewrite:
    """TO_CHAR(date, format) with PostgreSQL's or Snowflake's format elements, built from strftime pieces."""
    names = {"TO_CHAR", "TO_VARCHAR"}

    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.ToChar):
            value, fmt = node.this, node.args.get("format")
        elif isinstance(node, exp.Anonymous) and str(node.this).upper() in names and node.expressions:
            value, fmt = node.expressions[0], (node.expressions[1] if len(node.expressions) > 1 else None)
        else:
            return node
        if fmt is None:
            return exp.Cast(this=value.copy(), to=exp.DataType.build("VARCHAR"))
        if not (isinstance(fmt, exp.Literal) and fmt.is_string):
            raise CompileError("TO_CHAR with a format that is not a string literal cannot be translated faithfully")
        if isinstance(value.type, exp.DataType) and value.type.this in _NUMERIC_TYPES:
            raise CompileError("TO_CHAR of a number with a format is not supported here; use CAST or ROUND")
        return format_expression(value.copy(), fmt.this, flavour)

    rewrite.__name__ = f"{flavour}_to_char"
    return rewrite
