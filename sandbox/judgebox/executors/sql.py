"""Runs one SELECT, in the candidate's dialect, on the engine that dialect runs on."""

from __future__ import annotations

from typing import Any

from judgebox.jsonsafe import to_plain
from judgebox.sql.engine_base import SqlEngine
from judgebox.sql.translate import Plan, plan


def _engine_class(name: str) -> type[SqlEngine]:
    # Imported by name: a SQLite query still loads its data through DuckDB, but DuckDB queries never import sqlite3.
    if name == "sqlite":
        from judgebox.sql.sqlite_engine import SqliteEngine

        return SqliteEngine
    from judgebox.sql.duckdb_engine import DuckdbEngine

    return DuckdbEngine


class Executor:
    def __init__(self, task: dict[str, Any]):
        self.source_path = task["source"]
        self.sql = task["sql"]
        self.limits = task["limits"]
        self.plan: Plan | None = None
        self.engine: SqlEngine | None = None

    def load(self) -> None:
        with open(self.source_path, encoding="utf-8", errors="replace") as handle:
            source = handle.read()
        self.plan = plan(source, self.sql["dialect"], self.sql["schema"])
        engine = _engine_class(self.plan.engine)(self.plan, self.sql["schema"], self.sql["schema_sql"], self.limits)
        engine.check()
        self.engine = engine

    def info(self) -> dict[str, Any]:
        return {"engine_sql": self.plan.engine_sql} if self.plan is not None and self.plan.translated else {}

    def prepare(self, test: dict[str, Any]) -> None:
        self._engine().load(test["input"])

    def run(self) -> Any:
        return self._engine().run()

    def _engine(self) -> SqlEngine:
        if self.engine is None:
            raise RuntimeError("the query was not loaded")
        return self.engine

    def to_output(self, value: Any) -> Any:
        return to_plain(value)
