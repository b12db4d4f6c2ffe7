"""BigQuery: translated to DuckDB, with its weekday numbering and DATE_TRUNC that keeps a DATE."""

from judgebox.sql import rewrites
from judgebox.sql.dialects import SqlDialect

DIALECT = SqlDialect(
    name="bigquery",
    reader="bigquery",
    engine="duckdb",
    translated=True,
    rewrites=(rewrites.extract_day_of_week_from_one, rewrites.date_trunc_keeps_date),
)
