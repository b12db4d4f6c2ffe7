"""The problem bank over HTTP: the statement and the public examples, and never a hidden test."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from judge.format.content import tree_hash
from judge.kinds.csv_records import read_csv
from judge.problems.loader import load_all
from judge.settings import Settings
from judge.verdicts import Visibility
from tests.judge.api.conftest import CANARY, FIXTURES


def test_list(api):
    problems = api.client.get("/api/v1/problems", headers=api.auth("alice")).json()
    assert [p["slug"] for p in problems] == [
        "add-canary",
        "count-stream",
        "hostile-clusters",
        "hostile-plays",
        "hostile-sum",
        "plays-per-user",
    ]
    sql = problems[-1]
    assert sql == {
        "slug": "plays-per-user",
        "version": tree_hash(FIXTURES / "plays-per-user"),
        "title": "Plays per user",
        "kind": "sql",
        "difficulty": "easy",
        "tags": ["fixture"],
        "languages": ["sql"],
        "dialects": ["duckdb", "postgres"],
    }


def test_python_detail_shows_public_examples_with_expected_values(api):
    body = api.client.get("/api/v1/problems/add-canary", headers=api.auth("alice")).json()
    assert body["statement"].startswith("# Add")
    assert body["limits"] == {"time_s": 1.0, "wall_s": 3.0, "memory_mb": 128, "output_kb": 64}
    assert body["starter"] is None
    assert body["examples"] == [
        {"name": "examples/01", "group": "examples", "args": [1, 2], "kwargs": {}, "expected": 3},
        {"name": "examples/02", "group": "examples", "args": [10, 5], "kwargs": {}, "expected": 15},
    ]
    text = json.dumps(body)
    for secret in (CANARY, '"secret"', "hidden/", "02-canary", "[7, 7]"):
        assert secret not in text


def test_sql_detail_shows_the_public_datasets_only(api):
    body = api.client.get("/api/v1/problems/plays-per-user", headers=api.auth("alice")).json()
    assert [e["name"] for e in body["examples"]] == ["examples/01"]
    tables = body["examples"][0]["tables"]
    assert tables["users"] == {
        "columns": ["user_id", "name"],
        "types": ["INT", "TEXT"],
        "rows": [["1", "ann"], ["2", "bob"]],
    }
    assert tables["plays"]["columns"] == ["play_id", "user_id", "played_at"]
    assert tables["plays"]["rows"][0] == ["1", "1", "2024-01-01 10:00:00"]
    text = json.dumps(body)
    for secret in ("eve", "cid", "2024-03-01", "hidden/"):  # only in data/hidden
        assert secret not in text


def test_rendered_statement_generates_tables_and_examples_from_public_data(api):
    sql = api.client.get("/api/v1/problems/plays-per-user", headers=api.auth("alice")).json()["statement_rendered"]
    assert sql.startswith("# Plays per user")
    assert "| `user_id` | INT |" in sql and "| `played_at` | TIMESTAMP |" in sql  # the schema, as tables
    assert "| 1 | 1 | 2024-01-01 10:00:00 |" in sql  # a public example's rows
    assert "## Limits" in sql
    python = api.client.get("/api/v1/problems/add-canary", headers=api.auth("alice")).json()["statement_rendered"]
    assert "solve(1, 2)\n# returns 3" in python
    stream = api.client.get("/api/v1/problems/count-stream", headers=api.auth("alice")).json()["statement_rendered"]
    assert "(numbers(n=5, seed=7))" in stream
    for text in (sql, python, stream):
        for secret in (CANARY, "eve", "cid", "2024-03-01", "hidden/", "3000000"):  # only in hidden tests
            assert secret not in text


def test_unknown_problem_is_404(api):
    response = api.client.get("/api/v1/problems/nope", headers=api.auth("alice"))
    assert response.status_code == 404 and response.json() == {"detail": "no problem named 'nope'"}


@pytest.fixture(scope="module")
def bank():
    problems, broken = load_all(Settings().problems_dir)
    assert problems and not broken
    return problems


def test_the_real_bank_shows_every_public_test_and_no_hidden_one(api_factory, bank):
    api = api_factory(problems_dir=Settings().problems_dir)
    for problem in bank:
        response = api.client.get(f"/api/v1/problems/{problem.slug}", headers=api.auth("bob"))
        assert response.status_code == 200, response.text
        body = response.json()
        public = [t.name for t in problem.tests if t.visibility is Visibility.PUBLIC]
        hidden = [t.name for t in problem.tests if t.visibility is Visibility.HIDDEN]
        assert [e["name"] for e in body["examples"]] == public
        text = json.dumps(body)
        assert not [name for name in hidden if name in text], problem.slug
        assert all("labels" not in example for example in body["examples"])
        if problem.spec.starter:
            assert body["starter"] == (problem.directory / problem.spec.starter).read_text()
        for example in body["examples"]:
            if problem.kind.tables(problem):
                assert set(example["tables"]) == set(problem.assets.tables)
            else:
                assert isinstance(example["args"], list)
        assert_reads_cleanly(body["statement_rendered"], problem, public)


def assert_reads_cleanly(markdown: str, problem, public: list[str]) -> None:
    """The rendered statement has every generated section, closed code fences and well-formed tables."""
    assert markdown.startswith(problem.statement.rstrip()), problem.slug
    assert len(public) >= 3 and all(f"### `{name}`" in markdown for name in public), problem.slug
    assert "## Limits" in markdown and ("## Tables" in markdown) == bool(problem.kind.tables(problem)), problem.slug
    assert markdown.count("```") % 2 == 0, f"{problem.slug}: an unclosed code fence"
    lines = markdown.splitlines()
    for number, line in enumerate(lines):
        if re.fullmatch(r"\|(-+\|)+", line.replace(":", "")):  # a table's separator: rows match the header
            width = cells(lines[number - 1])
            body = itertools.takewhile(lambda row: row.startswith("|"), lines[number + 1 :])
            assert all(cells(row) == width for row in body), f"{problem.slug}: a ragged table under {lines[number - 1]}"


def cells(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def test_csv_tells_null_from_the_empty_string():
    assert read_csv('a,b,c\n1,,""\n"x,y","say ""hi""",\r\n') == [
        ["a", "b", "c"],
        ["1", None, ""],
        ["x,y", 'say "hi"', None],
    ]
    assert read_csv("a\n") == [["a"]]
    assert read_csv('a,b\n"multi\nline",2') == [["a", "b"], ["multi\nline", "2"]]
