"""Snowflake: translated to DuckDB; TO_CHAR formats are ours, since sqlglot drops them."""

from judgebox.sql import rewrites
from judgebox.sql.dialects import SqlDialect

DIALECT = SqlDialect(
    name="snowflake",
    reader="snowflake",
    engine="duckdb",
    translated=True,
    rewrites=(rewrites.oracle_to_char("snowflake"),),
)
