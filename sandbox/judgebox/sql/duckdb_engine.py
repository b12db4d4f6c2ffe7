"""Runs a query on a locked-down, in-memory DuckDB loaded with one dataset."""

from __future__ import annotations

from typing import Any

import os
import threading
import time

import duckdb

from judgebox.protocol import RunStatus
from judgebox.errors import CompileError, SubmissionFailure
from judgebox.sql.engine_base import SqlEngine
from judgebox.sql.messages import duckdb_compile_error

# Settings applied after the data is loaded and before the candidate's query
# runs; lock_configuration comes last so that none can be changed back.
_LOCKDOWN = (
    "SET TimeZone='UTC'",
    "SET enable_external_access=false",
    "SET autoinstall_known_extensions=false",
    "SET autoload_known_extensions=false",
    "SET allow_community_extensions=false",
    "SET max_temp_directory_size='0KiB'",
    "SET lock_configuration=true",
)
CPU_POLL_S = 0.05
# Errors DuckDB raises before a query runs: they do not depend on the data.
_STATIC_ERRORS = (duckdb.ParserException, duckdb.BinderException, duckdb.CatalogException)


def open_loaded(
    schema_sql: str, tables: dict[str, Any], data_dir: str | None, memory_limit_mb: int
) -> duckdb.DuckDBPyConnection:
    """An unlocked connection with the schema, and the dataset's CSV files when data_dir is given."""
    connection = duckdb.connect(":memory:", config={"threads": 1, "memory_limit": f"{memory_limit_mb}MB"})
    connection.execute(schema_sql)
    if data_dir is not None:
        for table in tables:
            path = os.path.join(data_dir, f"{table}.csv")
            if os.path.exists(path):
                # Unquoted empty fields are NULL; a quoted "" is the empty string.
                connection.execute(f"COPY \"{table}\" FROM '{path}' (HEADER true, ALLOW_QUOTED_NULLS false)")
    return connection


class DuckdbEngine(SqlEngine):
    def check(self) -> None:
        """Binds names and types on the empty tables, without running the query."""
        connection = self._open(None)
        try:
            statements = connection.extract_statements(self.plan.engine_sql)
            if [s.type for s in statements] != [duckdb.StatementType.SELECT]:
                raise CompileError("submit exactly one SELECT statement")
            connection.sql(self.plan.engine_sql)
        except _STATIC_ERRORS as exc:
            raise self._compile_error(exc) from None
        finally:
            connection.close()

    def run(self) -> dict[str, Any]:
        finished = threading.Event()
        watcher = threading.Thread(target=self._interrupt_at_limits, args=(finished,), daemon=True)
        watcher.start()
        try:
            cursor = self.connection.execute(self.plan.engine_sql)
            rows = cursor.fetchall()
            description = cursor.description or []
        except duckdb.InterruptException:
            raise SubmissionFailure(RunStatus.TIME_LIMIT_EXCEEDED, "the query was stopped at the time limit") from None
        except duckdb.OutOfMemoryException:
            raise SubmissionFailure(RunStatus.MEMORY_LIMIT_EXCEEDED, "the query ran out of memory") from None
        except _STATIC_ERRORS as exc:
            raise self._compile_error(exc) from None
        except duckdb.Error as exc:
            raise SubmissionFailure(
                RunStatus.RUNTIME_ERROR, duckdb_compile_error(str(exc), self.plan.source, self.plan.translated).message
            ) from None
        finally:
            finished.set()
            watcher.join()
        return {"columns": [d[0] for d in description], "types": [str(d[1]) for d in description], "rows": rows}

    def _interrupt_at_limits(self, finished: threading.Event) -> None:
        """Interrupt the query at the CPU time limit (this process's, all threads). Not at a wall time: a query
        computes, and how long that takes in wall time is the machine's load; the supervisor keeps the wall-time
        limit, on wall time less waiting for a CPU."""
        cpu_start = time.process_time()
        while not finished.wait(CPU_POLL_S):
            if time.process_time() - cpu_start > self.time_limit_s:
                self.connection.interrupt()
                return

    def _open(self, data_dir: str | None) -> Any:
        connection = open_loaded(self.schema_sql, self.schema, data_dir, self.memory_limit_mb)
        for statement in (*self.plan.dialect.macros, *_LOCKDOWN):
            connection.execute(statement)
        return connection

    def _compile_error(self, exc: Exception) -> CompileError:
        return duckdb_compile_error(str(exc), self.plan.source, self.plan.translated)
