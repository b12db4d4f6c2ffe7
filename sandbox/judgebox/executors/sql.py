"""Runs one SELECT on a locked-down, in-memory DuckDB loaded with each dataset."""

from __future__ import annotations

import os
import re
import threading
import time

import duckdb

from judgebox.errors import CompileError, SubmissionFailure
from judgebox.jsonsafe import to_plain
from judgebox.sqltranslate import translate

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
# Errors DuckDB raises before a query runs: they do not depend on the data.
CPU_POLL_S = 0.05
_STATIC_ERRORS = (duckdb.ParserException, duckdb.BinderException, duckdb.CatalogException)


class Executor:
    def __init__(self, task: dict):
        self.source_path = task["source"]
        sql = task["sql"]
        self.dialect = sql["dialect"]
        self.schema: dict[str, dict[str, str]] = sql["schema"]
        self.schema_sql: str = sql["schema_sql"]
        self.time_limit_s = float(task["limits"]["time_s"])
        self.wall_limit_s = float(task["limits"]["wall_s"])
        # Leave room for the interpreter inside the memory limit of the test.
        self.memory_limit_mb = max(32, int(task["limits"]["memory_mb"]) - 96)
        self.translation = None
        self.connection = None

    def load(self) -> None:
        with open(self.source_path, encoding="utf-8", errors="replace") as handle:
            source = handle.read()
        self.translation = translate(source, self.dialect, self.schema)
        connection = self._open(data_dir=None)
        try:
            statements = connection.extract_statements(self.translation.engine_sql)
            if [s.type for s in statements] != [duckdb.StatementType.SELECT]:
                raise CompileError("submit exactly one SELECT statement")
            connection.sql(self.translation.engine_sql)  # binds names and types without running
        except _STATIC_ERRORS as exc:
            raise self._compile_error(exc) from None
        finally:
            connection.close()

    def info(self) -> dict:
        return {"engine_sql": self.translation.engine_sql} if self.translation.translated else {}

    def prepare(self, test: dict) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = self._open(data_dir=test["input"])

    def run(self):
        finished = threading.Event()
        watcher = threading.Thread(target=self._interrupt_at_limits, args=(finished,), daemon=True)
        watcher.start()
        try:
            cursor = self.connection.execute(self.translation.engine_sql)
            rows = cursor.fetchall()
            description = cursor.description or []
        except duckdb.InterruptException:
            raise SubmissionFailure("time_limit_exceeded", "the query was stopped at the time limit") from None
        except duckdb.OutOfMemoryException:
            raise SubmissionFailure("memory_limit_exceeded", "the query ran out of memory") from None
        except _STATIC_ERRORS as exc:
            raise self._compile_error(exc) from None
        except duckdb.Error as exc:
            raise SubmissionFailure("runtime_error", _first_lines(str(exc))) from None
        finally:
            finished.set()
            watcher.join()
        return {"columns": [d[0] for d in description], "types": [str(d[1]) for d in description], "rows": rows}

    def _interrupt_at_limits(self, finished: threading.Event) -> None:
        """Interrupt the query at the CPU time limit (this process's, all threads) or at the wall time limit."""
        cpu_start, wall_start = time.process_time(), time.monotonic()
        while not finished.wait(CPU_POLL_S):
            if (time.process_time() - cpu_start > self.time_limit_s
                    or time.monotonic() - wall_start > self.wall_limit_s):
                self.connection.interrupt()
                return

    def to_output(self, value):
        return to_plain(value)

    def _open(self, data_dir: str | None):
        connection = duckdb.connect(":memory:", config={"threads": 1, "memory_limit": f"{self.memory_limit_mb}MB"})
        connection.execute(self.schema_sql)
        if data_dir is not None:
            for table in self.schema:
                path = os.path.join(data_dir, f"{table}.csv")
                if os.path.exists(path):
                    # Unquoted empty fields are NULL; a quoted "" is the empty string.
                    connection.execute(f"COPY \"{table}\" FROM '{path}' (HEADER true, ALLOW_QUOTED_NULLS false)")
        for statement in _LOCKDOWN:
            connection.execute(statement)
        return connection

    def _compile_error(self, exc: Exception) -> CompileError:
        message = _first_lines(str(exc))
        line, column = _position(str(exc)) if not self.translation.translated else (None, None)
        return CompileError(message, line, column)


def _first_lines(text: str, limit: int = 6) -> str:
    return "\n".join(text.strip().splitlines()[:limit])


_LINE = re.compile(r"^LINE (\d+): ?", re.MULTILINE)


def _position(message: str) -> tuple[int | None, int | None]:
    """Line and column from DuckDB's 'LINE n: ...' excerpt and the caret under it."""
    match = _LINE.search(message)
    if not match:
        return None, None
    rest = message[match.end():].split("\n")
    if len(rest) < 2 or "^" not in rest[1]:
        return int(match.group(1)), None
    return int(match.group(1)), rest[1].index("^") - len(match.group(0)) + 1
