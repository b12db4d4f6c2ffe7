"""TO_CHAR format strings of PostgreSQL and Snowflake, as DuckDB expressions.

sqlglot maps these formats to strftime codes only in part (PostgreSQL's
'Dy' became '%uy'; Snowflake's format was dropped), so they are parsed here.
An element we cannot reproduce is a compile error naming it, never a guess.
"""

from __future__ import annotations

from typing import Any

import re

from sqlglot import exp

from judgebox.errors import CompileError

# Elements whose output is a name: the case of the element sets the case of the text.
_NAMES = {"MONTH": ("%B", 9), "MON": ("%b", 0), "DAY": ("%A", 9), "DY": ("%a", 0), "AM": ("%p", 0), "PM": ("%p", 0)}
# (element, strftime code, code without zero padding for FM); matched case-insensitively, longest first.
_NUMBERS = [
    ("HH24", "%H", "%-H"),
    ("HH12", "%I", "%-I"),
    ("YYYY", "%Y", "%Y"),
    ("DDD", "%j", "%-j"),
    ("HH", "%I", "%-I"),
    ("YY", "%y", "%-y"),
    ("MM", "%m", "%-m"),
    ("MI", "%M", "%-M"),
    ("SS", "%S", "%-S"),
    ("MS", "%g", "%g"),
    ("US", "%f", "%f"),
    ("DD", "%d", "%-d"),
    ("IW", "%V", "%-V"),
]
_SNOWFLAKE = [
    ("MMMM", "%B"),
    ("YYYY", "%Y"),
    ("HH24", "%H"),
    ("HH12", "%I"),
    ("FF9", "%n"),
    ("FF6", "%f"),
    ("FF3", "%g"),
    ("MON", "%b"),
    ("YY", "%y"),
    ("MM", "%m"),
    ("DD", "%d"),
    ("DY", "%a"),
    ("MI", "%M"),
    ("SS", "%S"),
    ("AM", "%p"),
    ("PM", "%p"),
    ("FF", "%n"),
]
_QUOTED = re.compile(r'"([^"]*)"')


def format_expression(value: exp.Expression, fmt: str, flavour: str) -> exp.Expression:
    parts = _postgres_parts(value, fmt) if flavour == "postgres" else _snowflake_parts(value, fmt)
    pieces: list[exp.Expression] = []
    codes = ""
    for part in parts:
        if isinstance(part, str):
            codes += part
            continue
        if codes:
            pieces.append(_strftime(value, codes))
            codes = ""
        pieces.append(part)
    if codes or not pieces:
        pieces.append(_strftime(value, codes))
    result = pieces[0]
    for piece in pieces[1:]:
        result = exp.DPipe(this=result, expression=piece, safe=True)
    return exp.Paren(this=result) if len(pieces) > 1 else result


def _strftime(value: exp.Expression, codes: str) -> exp.Expression:
    return exp.Anonymous(this="strftime", expressions=[value.copy(), exp.Literal.string(codes)])


def _literal(text: str) -> str:
    return text.replace("%", "%%")


def _postgres_parts(value: exp.Expression, fmt: str) -> list[Any]:
    parts: list[Any] = []
    i, fill_mode = 0, False
    while i < len(fmt):
        rest = fmt[i:]
        upper = rest.upper()
        if upper.startswith("FM"):
            fill_mode, i = True, i + 2
            continue
        quoted = _QUOTED.match(rest)
        if quoted:
            parts.append(_literal(quoted.group(1)))
            i += quoted.end()
            continue
        name = next((n for n in _NAMES if upper.startswith(n)), None)
        if name is not None:
            code, width = _NAMES[name]
            parts.append(_named(value, code, rest[: len(name)], 0 if fill_mode else width))
        elif (number := next((n for n in _NUMBERS if upper.startswith(n[0])), None)) is not None:
            name = number[0]
            parts.append(number[2] if fill_mode else number[1])
        elif upper.startswith("ID"):
            name = "ID"
            parts.append(exp.Cast(this=exp.DayOfWeekIso(this=value.copy()), to=exp.DataType.build("VARCHAR")))
        elif upper.startswith("D"):
            name = "D"  # 1 (Sunday) to 7
            parts.append(
                exp.Cast(
                    this=exp.Paren(
                        this=exp.Add(this=exp.DayOfWeek(this=value.copy()), expression=exp.Literal.number(1))
                    ),
                    to=exp.DataType.build("VARCHAR"),
                )
            )
        elif upper.startswith("Q"):
            name = "Q"
            parts.append(exp.Cast(this=exp.Quarter(this=value.copy()), to=exp.DataType.build("VARCHAR")))
        elif rest[0].isalpha():
            raise CompileError(f"the PostgreSQL TO_CHAR format element starting at {rest[:4]!r} is not supported here")
        else:
            name = rest[0]
            parts.append(_literal(rest[0]))
        i += len(name)
        fill_mode = False if name != "FM" else fill_mode
    return parts


def _named(value: exp.Expression, code: str, element: str, width: int) -> exp.Expression | str:
    text: exp.Expression = _strftime(value, code)
    if element.isupper() and len(element) > 1 or element in ("AM", "PM"):
        text = exp.Upper(this=text)
    elif element.islower():
        text = exp.Lower(this=text)
    elif code == "%p":
        return code
    if width:
        text = exp.Anonymous(this="rpad", expressions=[text, exp.Literal.number(width), exp.Literal.string(" ")])
    return text


def _snowflake_parts(value: exp.Expression, fmt: str) -> list[Any]:
    parts: list[Any] = []
    i = 0
    while i < len(fmt):
        rest = fmt[i:]
        quoted = _QUOTED.match(rest)
        if quoted:
            parts.append(_literal(quoted.group(1)))
            i += quoted.end()
            continue
        element = next((e for e in _SNOWFLAKE if rest.upper().startswith(e[0])), None)
        if element is not None:
            parts.append(element[1])
            i += len(element[0])
        elif rest[0].isalpha():
            raise CompileError(f"the Snowflake format element starting at {rest[:4]!r} is not supported here")
        else:
            parts.append(_literal(rest[0]))
            i += 1
    return parts
