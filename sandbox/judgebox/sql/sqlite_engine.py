"""Runs a query natively on SQLite, over the same data DuckDB loads, locked down.

The data is read by DuckDB from the same CSV files, so both engines see the
same values: dates and timestamps as ISO text (SQLite has no date type),
booleans as 0 and 1, decimals as REAL.
"""

from __future__ import annotations

import datetime as dt
import decimal
import sqlite3
import time
from typing import TYPE_CHECKING, Any

from judgebox.protocol import RunStatus
from judgebox.errors import SubmissionFailure
from judgebox.sql.duckdb_engine import open_loaded
from judgebox.sql.engine_base import SqlEngine
from judgebox.sql.messages import sqlite_compile_error

if TYPE_CHECKING:
    from judgebox.sql.translate import Plan

_ALLOWED_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
_FORBIDDEN_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}
PROGRESS_EVERY_OPS = 10_000
LOADER_MEMORY_MB = 256


def _column_type(duckdb_type: str) -> str:
    upper = duckdb_type.upper()
    if any(word in upper for word in ("INT", "BOOL")):
        return "INTEGER"
    if any(word in upper for word in ("DECIMAL", "NUMERIC", "DOUBLE", "FLOAT", "REAL")):
        return "REAL"
    return "TEXT"  # text, dates and timestamps


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value


class SqliteEngine(SqlEngine):
    def __init__(self, plan: Plan, schema: dict[str, Any], schema_sql: str, limits: dict[str, Any]):
        super().__init__(plan, schema, schema_sql, limits)
        self._started = 0.0  # the CPU time the query started at (only the CPU limit: see DuckDB's engine)

    def check(self) -> None:
        """Compiles the query on the empty tables without running it (EXPLAIN only prepares)."""
        connection = self._open(None)
        try:
            connection.execute("EXPLAIN " + self.plan.engine_sql).fetchall()
        except sqlite3.Error as exc:
            raise sqlite_compile_error(str(exc), self.plan.source, self._names()) from None
        finally:
            connection.close()

    def run(self) -> dict[str, Any]:
        self._started = time.process_time()
        try:
            cursor = self.connection.execute(self.plan.engine_sql)
            rows = cursor.fetchall()
        except sqlite3.OperationalError as exc:
            if str(exc) == "interrupted":
                raise SubmissionFailure(
                    RunStatus.TIME_LIMIT_EXCEEDED, "the query was stopped at the time limit"
                ) from None
            if "out of memory" in str(exc):
                raise SubmissionFailure(RunStatus.MEMORY_LIMIT_EXCEEDED, "the query ran out of memory") from None
            if "not authorized" in str(exc) or str(exc).startswith(("no such", "near ")):
                raise sqlite_compile_error(str(exc), self.plan.source, self._names()) from None
            raise SubmissionFailure(RunStatus.RUNTIME_ERROR, str(exc)) from None
        except MemoryError:
            raise SubmissionFailure(RunStatus.MEMORY_LIMIT_EXCEEDED, "the query ran out of memory") from None
        except sqlite3.Error as exc:
            raise SubmissionFailure(RunStatus.RUNTIME_ERROR, str(exc)) from None
        return {"columns": [d[0] for d in cursor.description or []], "types": [], "rows": rows}

    def _open(self, data_dir: str | None) -> sqlite3.Connection:
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        for table, columns in self.schema.items():
            definition = ", ".join(f'"{name}" {_column_type(kind)}' for name, kind in columns.items())
            connection.execute(f'CREATE TABLE "{table}" ({definition})')
        if data_dir is not None:
            loader = open_loaded(self.schema_sql, self.schema, data_dir, LOADER_MEMORY_MB)
            try:
                for table, columns in self.schema.items():
                    rows = loader.execute(f'SELECT * FROM "{table}"').fetchall()
                    marks = ", ".join("?" * len(columns))
                    connection.executemany(
                        f'INSERT INTO "{table}" VALUES ({marks})', ([_sqlite_value(v) for v in row] for row in rows)
                    )
            finally:
                loader.close()
        connection.execute(f"PRAGMA hard_heap_limit={self.memory_limit_mb * 1024 * 1024}")
        connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        connection.set_authorizer(self._authorize)
        connection.set_progress_handler(self._over_limits, PROGRESS_EVERY_OPS)
        return connection

    def _authorize(self, action: int, first: Any, second: Any, database: Any, _source: Any) -> int:
        if action not in _ALLOWED_ACTIONS:
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_READ and (
            str(first).lower().startswith("sqlite_") or database not in ("main", None)
        ):
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_FUNCTION and str(second).lower() in _FORBIDDEN_FUNCTIONS:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    def _over_limits(self) -> int:
        if not self._started:
            return 0
        return int(time.process_time() - self._started > self.time_limit_s)

    def _names(self) -> dict[str, list[str]]:
        columns = sorted({c.lower() for table in self.schema.values() for c in table})
        return {"column": columns, "table": sorted(t.lower() for t in self.schema), "function": []}
