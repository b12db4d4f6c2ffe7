"""`judge sql`: how a query in a given dialect will be run, for authors and curious candidates."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

sql_app = typer.Typer(help="SQL dialects: see what the judge runs.", no_args_is_help=True)


@sql_app.command("translate")
def translate(
    source: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    dialect: str = typer.Option(..., "--dialect", "-d", help="postgres, mysql, bigquery, snowflake, duckdb or sqlite"),
    problem: Optional[str] = typer.Option(
        None,
        help="the problem whose tables the query reads (types make "
        "integer division and other fixes exact); by default, "
        "the tables the query names, untyped",
    ),
) -> None:
    """Print the SQL the judge will run for a query, and on which engine. Exits 1 on a compile error."""
    from judgebox.errors import CompileError
    from judgebox.sql.translate import plan
    from rich.syntax import Syntax

    from judge.cli.render import make_console
    from judge.errors import JudgeError

    console, errors = make_console(), make_console(stderr=True)
    text = source.read_text(encoding="utf-8", errors="replace")
    try:
        schema = _schema(problem, text, dialect)
        result = plan(text, dialect, schema)
    except (JudgeError, ValueError) as exc:
        errors.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2)
    except CompileError as exc:
        where = f" (line {exc.line}, column {exc.column})" if exc.line else ""
        errors.print(f"[red]compile error{where}:[/] {exc.message}", highlight=False)
        raise typer.Exit(1)
    how = "translated to DuckDB" if result.translated else f"run as written on {result.engine}"
    errors.print(f"{dialect}: {how}", highlight=False)
    if result.dialect.macros:
        errors.print(
            "with the judge's DuckDB macros: " + ", ".join(m.split("(")[0].split()[-1] for m in result.dialect.macros),
            highlight=False,
        )
    console.print(Syntax(result.engine_sql, "sql", word_wrap=True) if console.is_terminal else result.engine_sql)


def _schema(problem: Optional[str], text: str, dialect: str) -> dict[str, dict[str, str]]:
    if problem is not None:
        from judge.errors import JudgeError
        from judge.problems.loader import resolve_problem
        from judge.settings import Settings

        loaded = resolve_problem(problem, Settings().problems_dir)
        if not loaded.kind.tables(loaded):
            raise JudgeError(f"{loaded.slug} is not an SQL problem")
        return loaded.kind.tables(loaded)
    import sqlglot
    from sqlglot import exp

    from judgebox.sql.dialects import dialect as dialect_named

    try:
        tree = sqlglot.parse_one(text, read=dialect_named(dialect).reader)
    except sqlglot.errors.SqlglotError:
        return {}  # the plan reports the syntax error with its position
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    return {t.name: {} for t in tree.find_all(exp.Table) if t.name and t.name.lower() not in ctes}
