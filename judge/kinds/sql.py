"""sql: one SELECT over the problem's tables; expected results come from running the reference."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from judgebox.protocol import DIALECTS

from judge.checkers.check import Check
from judge.checkers.sql_rows import compare_results
from judge.errors import FormatIssue
from judge.format.model import Assets, Problem, TestCase
from judge.format.spec import ProblemSpecBase, StrictModel
from judge.kinds.base import Kind, ParseJob, TaskConfig
from judge.kinds.csv_records import read_csv
from judge.source import Source
from judge.verdicts import CompileDiagnostic

Dialect = Literal[DIALECTS]  # type: ignore[valid-type]  # the names are judgebox.protocol's


class SqlConfig(StrictModel):
    dialects: list[Dialect] = Field(default_factory=lambda: list(DIALECTS), min_length=1)
    schema_file: str = Field("schema.sql", alias="schema")
    columns: list[str] | None = Field(None, description="required result column names, in order")
    order_by: list[str] = Field(
        default_factory=list, description="columns the rows must be sorted by; empty: any order"
    )
    float_tol: float = Field(1e-6, ge=0)
    reference_dialect: Dialect = "duckdb"

    @model_validator(mode="after")
    def _order_needs_named_columns(self) -> SqlConfig:
        if self.order_by and self.columns is None:
            raise ValueError("order_by needs columns, so that the keys name result columns")
        return self


class SqlSpec(ProblemSpecBase):
    kind: Literal["sql"]
    sql: SqlConfig


@dataclass(frozen=True)
class SqlAssets(Assets):
    tables: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> column -> DuckDB type
    schema_sql: str = ""  # schema.sql as the author wrote it


class SqlKind(Kind["SqlSpec", "SqlAssets"]):
    name = "sql"
    language = "sql"
    spec_model = SqlSpec
    assets_model = SqlAssets

    def load(self, directory: Path, spec: SqlSpec, issues: list[FormatIssue]) -> tuple[list[TestCase], Assets]:
        schema_sql, schema = _read_schema(directory, spec.sql.schema_file, issues)
        tests = []
        for group in spec.scoring.groups:
            group_dir = directory / "data" / group.name
            if not group_dir.is_dir():
                continue
            for case_dir in sorted(group_dir.iterdir()):
                if not case_dir.is_dir():
                    issues.append(
                        FormatIssue(
                            str(case_dir.relative_to(directory)),
                            "",
                            "SQL tests are directories holding one CSV per table",
                        )
                    )
                    continue
                if schema is not None:
                    _check_tables(directory, case_dir, schema, issues)
                tests.append(TestCase(f"{group.name}/{case_dir.name}", group.name, group.visibility, case_dir))
        for column in spec.sql.order_by:
            if spec.sql.columns is not None and column.lower() not in {c.lower() for c in spec.sql.columns}:
                issues.append(FormatIssue("problem.yaml", "sql.order_by", f"{column!r} is not among sql.columns"))
        for i, solution in enumerate(spec.solutions):
            if solution.dialect is not None and solution.dialect not in spec.sql.dialects:
                issues.append(
                    FormatIssue(
                        "problem.yaml",
                        f"solutions.{i}.dialect",
                        f"{solution.dialect!r} is not among sql.dialects ({', '.join(spec.sql.dialects)})",
                    )
                )
        return tests, SqlAssets(tables=schema or {}, schema_sql=schema_sql or "")

    def dialects(self, problem: Problem) -> list[str]:
        return list(self.spec_of(problem).sql.dialects)

    def reference_dialect(self, problem: Problem) -> str | None:
        dialect: str = self.spec_of(problem).sql.reference_dialect
        return dialect

    def needs_reference_outputs(self, problem: Problem) -> bool:
        return True

    def task_config(self, problem: Problem, source: Source) -> TaskConfig:
        assets = self.assets_of(problem)
        return {
            "sql": {
                "dialect": source.dialect or self.reference_dialect(problem),
                "schema": assets.tables,
                "schema_sql": assets.schema_sql,
            }
        }

    def tables(self, problem: Problem) -> dict[str, dict[str, str]]:
        return self.assets_of(problem).tables

    def parse_job(self, problem: Problem, source: Source) -> ParseJob:
        dialect = source.dialect or self.spec_of(problem).sql.reference_dialect
        return ParseJob(sql_syntax_error, (source.text, dialect, self.tables(problem)))

    def input_files(self, test: TestCase) -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in sorted(test.path.glob("*.csv"))}

    def grade(self, problem: Problem, test: TestCase, output: Any, reference_output: Any) -> Check:
        config = self.spec_of(problem).sql
        return compare_results(
            output,
            reference_output,
            required_columns=config.columns,
            order_by=config.order_by,
            float_tol=config.float_tol,
        )

    def example(self, problem: Problem, test: TestCase) -> dict[str, Any]:
        return {
            "name": test.name,
            "group": test.group,
            "tables": {table: _example_table(test, table, columns) for table, columns in self.tables(problem).items()},
        }


def _example_table(test: TestCase, table: str, columns: dict[str, str]) -> dict[str, Any]:
    path = test.path / f"{table}.csv"
    rows = []
    if path.is_file():  # a missing file is an empty table
        rows = read_csv(path.read_text(encoding="utf-8"))[1:]  # the loader checked that the header is the schema's
    return {"columns": list(columns), "types": list(columns.values()), "rows": rows}


def _read_schema(
    directory: Path, relative: str, issues: list[FormatIssue]
) -> tuple[str | None, dict[str, dict[str, str]] | None]:
    import sqlglot  # only where an SQL problem is loaded: `judge check` of a Python problem never pays for it
    from sqlglot import exp

    path = directory / relative
    if not path.is_file():
        issues.append(FormatIssue("problem.yaml", "sql.schema", f"file {relative!r} does not exist"))
        return None, None
    text = path.read_text(encoding="utf-8")
    try:
        statements = [s for s in sqlglot.parse(text, read="duckdb") if s is not None]
    except sqlglot.errors.SqlglotError as exc:
        issues.append(FormatIssue(relative, "", f"cannot be parsed: {exc}"))
        return None, None
    schema: dict[str, dict[str, str]] = {}
    for statement in statements:
        if not (
            isinstance(statement, exp.Create) and statement.kind == "TABLE" and isinstance(statement.this, exp.Schema)
        ):
            issues.append(
                FormatIssue(relative, "", f"only CREATE TABLE statements are allowed: {statement.sql()[:60]}")
            )
            continue
        table = statement.this.this.name
        schema[table] = {
            col.name: col.args["kind"].sql("duckdb")
            for col in statement.this.expressions
            if isinstance(col, exp.ColumnDef)
        }
    if not schema:
        issues.append(FormatIssue(relative, "", "declares no tables"))
    return text, schema


def _check_tables(
    directory: Path, case_dir: Path, schema: dict[str, dict[str, str]], issues: list[FormatIssue]
) -> None:
    for path in sorted(case_dir.iterdir()):
        relative = str(path.relative_to(directory))
        table = path.stem
        if path.suffix != ".csv" or table not in schema:
            issues.append(FormatIssue(relative, "", f"not a table of schema ({', '.join(schema)}) as a .csv file"))
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle), [])
        if header != list(schema[table]):
            issues.append(FormatIssue(relative, "header", f"must be {','.join(schema[table])}, not {','.join(header)}"))


KIND = SqlKind()


def sql_syntax_error(text: str, dialect: str, tables: dict[str, dict[str, str]]) -> CompileDiagnostic | None:
    """The sandbox's own parse, guard and translation of a query, without running it."""
    from judgebox.errors import CompileError
    from judgebox.sql.translate import plan

    try:
        plan(text, dialect, tables)
    except CompileError as exc:
        return CompileDiagnostic(message=exc.message, line=exc.line, column=exc.column)
    except (RecursionError, MemoryError):
        return CompileDiagnostic(message="the query is nested too deeply to be parsed")
    return None
