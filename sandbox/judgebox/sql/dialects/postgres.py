"""PostgreSQL: translated to DuckDB; TO_CHAR formats are ours, since sqlglot maps them only in part."""

from sqlglot import exp
from sqlglot.dialects.postgres import Postgres

from judgebox.sql import rewrites
from judgebox.sql.dialects import SqlDialect


class JudgePostgres(Postgres):
    """PostgreSQL as sqlglot reads it, except that TO_CHAR keeps its format string as written."""

    class Parser(Postgres.Parser):  # type: ignore[valid-type,misc]  # sqlglot names it as a variable
        FUNCTIONS = {
            **Postgres.Parser.FUNCTIONS,
            "TO_CHAR": lambda args: exp.Anonymous(this="TO_CHAR", expressions=args),
        }


DIALECT = SqlDialect(
    name="postgres",
    reader=JudgePostgres,
    engine="duckdb",
    translated=True,
    rewrites=(rewrites.oracle_to_char("postgres"),),
)
