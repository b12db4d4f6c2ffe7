"""One module per SQL dialect, looked up by name.

Each module defines ``DIALECT``: how a query in that dialect is parsed
(``reader``, a sqlglot dialect, sometimes ours with parsing hooks), which
engine runs it, whether it is translated to DuckDB, and the rewrites that fix
the translation where sqlglot alone gets the meaning wrong.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable

from sqlglot import exp

from judgebox.protocol import DIALECTS

Rewrite = Callable[[exp.Expression], exp.Expression]


@dataclass(frozen=True)
class SqlDialect:
    name: str
    reader: object  # what sqlglot.parse(read=...) takes
    engine: str  # "duckdb" or "sqlite"
    translated: bool
    rewrites: tuple[Rewrite, ...] = field(default_factory=tuple)
    macros: tuple[str, ...] = field(default_factory=tuple)  # DuckDB statements the rewrites rely on


def dialect(name: str) -> SqlDialect:
    if name not in DIALECTS:
        raise ValueError(f"unknown SQL dialect {name!r}; known: {', '.join(DIALECTS)}")
    found: SqlDialect = importlib.import_module(f"judgebox.sql.dialects.{name}").DIALECT
    return found
