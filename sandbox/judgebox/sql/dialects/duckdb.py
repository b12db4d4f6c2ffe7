"""DuckDB: run as written; it is the engine."""

from judgebox.sql.dialects import SqlDialect

DIALECT = SqlDialect(name="duckdb", reader="duckdb", engine="duckdb", translated=False)
