"""`judge sql translate`: what the judge will run for a query, through the real command line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES


def translate(tmp_path, source: str, *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / "query.sql"
    path.write_text(source)
    env = {**os.environ, "JUDGE_PROBLEMS_DIR": str(FIXTURES)}
    return subprocess.run(
        [sys.executable, "-m", "judge.cli", "sql", "translate", str(path), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "dialect, source, problem, exit_code, out, err",
    [
        ("mysql", "SELECT DAYOFWEEK(played_at) AS d FROM plays", None, 0, "DAYOFWEEK", "translated to DuckDB"),
        ("mysql", "SELECT SUBSTRING_INDEX('a.b', '.', 1)", None, 0, "JUDGE_SUBSTRING_INDEX", "judge_substring_index"),
        ("postgres", "SELECT COUNT(*) / 2 AS half FROM plays", "plays-per-user", 0, "TRUNC", "translated to DuckDB"),
        (
            "sqlite",
            "SELECT strftime('%Y', played_at) FROM plays",
            None,
            0,
            "strftime('%Y', played_at)",
            "run as written on sqlite",
        ),
        ("duckdb", "SELECT * FROM playz", "plays-per-user", 1, "", "did you mean 'plays'?"),
        ("postgres", "SELECT (1", None, 1, "", "line 1, column"),
        ("oracle", "SELECT 1", None, 2, "", "unknown SQL dialect 'oracle'"),
        ("duckdb", "SELECT 1", "no-such-problem", 2, "", "no-such-problem"),
    ],
)
def test_translate(tmp_path, dialect, source, problem, exit_code, out, err):
    args = ["--dialect", dialect] + (["--problem", problem] if problem else [])
    completed = translate(tmp_path, source, *args)
    assert completed.returncode == exit_code, completed.stderr
    assert out in completed.stdout
    assert err in " ".join(completed.stderr.split())
