"""Runs one SELECT, in the candidate's dialect, on the engine that dialect runs on."""

from __future__ import annotations

from judgebox.jsonsafe import to_plain
from judgebox.sql.translate import plan


def _engine_class(name: str):
    # Imported by name: a SQLite query still loads its data through DuckDB, but DuckDB queries never import sqlite3.
    if name == "sqlite":
        from judgebox.sql.sqlite_engine import SqliteEngine
        return SqliteEngine
    from judgebox.sql.duckdb_engine import DuckdbEngine
    return DuckdbEngine


class Executor:
    def __init__(self, task: dict):
        self.source_path = task["source"]
        self.sql = task["sql"]
        self.limits = task["limits"]
        self.plan = None
        self.engine = None

    def load(self) -> None:
        with open(self.source_path, encoding="utf-8", errors="replace") as handle:
            source = handle.read()
        self.plan = plan(source, self.sql["dialect"], self.sql["schema"])
        self.engine = _engine_class(self.plan.engine)(self.plan, self.sql["schema"], self.sql["schema_sql"], self.limits)
        self.engine.check()

    def info(self) -> dict:
        return {"engine_sql": self.plan.engine_sql} if self.plan.translated else {}

    def prepare(self, test: dict) -> None:
        self.engine.load(test["input"])

    def run(self):
        return self.engine.run()

    def to_output(self, value):
        return to_plain(value)
