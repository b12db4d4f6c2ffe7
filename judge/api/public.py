"""What a candidate may see of a problem: its statement, starter and the public tests' inputs.

Built only from the tests of public groups; hidden tests are never read here.
"""

from __future__ import annotations

from judge.problems.model import Problem, TestCase
from judge.problems.render import render_statement
from judge.verdicts import Visibility


def problem_summary(problem: Problem) -> dict:
    spec = problem.spec
    return {"slug": problem.slug, "title": spec.title, "kind": problem.kind.name, "difficulty": spec.difficulty,
            "tags": list(spec.tags), "languages": list(problem.languages), "dialects": problem.dialects()}


def problem_detail(problem: Problem) -> dict:
    spec = problem.spec
    starter = None
    if spec.starter:
        starter = (problem.directory / spec.starter).read_text(encoding="utf-8")
    shown = examples(problem)
    return {**problem_summary(problem), "limits": {**spec.limits.model_dump(), "wall_s": spec.limits.effective_wall_s},
            "statement": problem.statement, "statement_rendered": render_statement(problem, shown),
            "starter": starter, "examples": shown}


def examples(problem: Problem) -> list[dict]:
    return [_example(problem, test) for test in problem.tests if test.visibility is Visibility.PUBLIC]


def _example(problem: Problem, test: TestCase) -> dict:
    example = {"name": test.name, "group": test.group}
    if problem.kind.name == "sql":
        schema: dict[str, dict[str, str]] = problem.extras.get("schema", {})
        example["tables"] = {table: _table(test, table, columns) for table, columns in schema.items()}
        return example
    payload = test.payload or {}
    example["args"] = payload.get("args", [])
    example["kwargs"] = payload.get("kwargs", {})
    # A python-function test may give its expected value; a python-metric test's labels stay out (they are
    # what the metric scores against, and a test that leaves them out would show nothing anyway).
    if problem.kind.name == "python-function" and "expected" in payload:
        example["expected"] = payload["expected"]
    return example


def _table(test: TestCase, table: str, columns: dict[str, str]) -> dict:
    path = test.path / f"{table}.csv"
    rows = []
    if path.is_file():  # a missing file is an empty table
        records = read_csv(path.read_text(encoding="utf-8"))
        rows = records[1:]  # the loader checked that the header is the schema's columns
    return {"columns": list(columns), "types": list(columns.values()), "rows": rows}


def read_csv(text: str) -> list[list[str | None]]:
    """RFC 4180 records, as the sandbox loads them: an unquoted empty field is None (NULL), a quoted "" is ''.

    (csv.reader cannot tell the two apart before Python 3.12.)
    """
    records: list[list[str | None]] = []
    record: list[str | None] = []
    field: list[str] = []
    quoted = in_quotes = False
    i, n = 0, len(text)

    def end_field() -> None:
        nonlocal quoted
        value = "".join(field)
        record.append(value if (value or quoted) else None)
        field.clear()
        quoted = False

    while i < n:
        char = text[i]
        if in_quotes:
            if char == '"':
                if i + 1 < n and text[i + 1] == '"':
                    field.append('"')
                    i += 1
                else:
                    in_quotes = False
            else:
                field.append(char)
        elif char == '"':
            in_quotes = quoted = True
        elif char == ",":
            end_field()
        elif char in "\r\n":
            if char == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            end_field()
            records.append(record)
            record = []
        else:
            field.append(char)
        i += 1
    if field or record or quoted:
        end_field()
        records.append(record)
    return records
