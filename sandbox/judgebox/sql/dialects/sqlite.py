"""SQLite: run natively on SQLite over the same data; translating it to DuckDB breaks too much."""

from judgebox.sql.dialects import SqlDialect

DIALECT = SqlDialect(name="sqlite", reader="sqlite", engine="sqlite", translated=False)
