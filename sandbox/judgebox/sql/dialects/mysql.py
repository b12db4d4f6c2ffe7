"""MySQL: translated to DuckDB, with its weekday numbering, SUBSTRING_INDEX and case-insensitive text."""

from judgebox.sql import rewrites
from judgebox.sql.dialects import SqlDialect

DIALECT = SqlDialect(
    name="mysql",
    reader="mysql",
    engine="duckdb",
    translated=True,
    rewrites=(
        rewrites.day_of_week_from_one,
        rewrites.weekday_from_monday,
        rewrites.substring_index,
        rewrites.case_insensitive_text,
    ),
    macros=rewrites.MACROS,
)
