"""What every SQL engine in the sandbox shares: its limits and one loaded connection per dataset."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from judgebox.sql.translate import Plan

# Room left for the interpreter and the runner inside the memory limit of a test.
INTERPRETER_RESERVE_MB = 96


class SqlEngine:
    """An engine checks the query once, then loads each dataset in turn and runs it."""

    def __init__(self, plan: Plan, schema: dict[str, Any], schema_sql: str, limits: dict[str, Any]):
        self.plan = plan
        self.schema = schema
        self.schema_sql = schema_sql
        self.time_limit_s = float(limits["time_s"])
        self.memory_limit_mb = max(32, int(limits["memory_mb"]) - INTERPRETER_RESERVE_MB)
        self.connection: Any = None

    def load(self, data_dir: str) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = self._open(data_dir)

    def _open(self, data_dir: str | None) -> Any:
        raise NotImplementedError

    def check(self) -> None:
        """Refuse the query before any data is loaded, when it cannot run whatever the data."""
        raise NotImplementedError

    def run(self) -> Any:
        """The query's result on the loaded dataset."""
        raise NotImplementedError
