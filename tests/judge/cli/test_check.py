"""`judge check` through the real command line and the real sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES

pytestmark = pytest.mark.sandbox


def run_judge(settings, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "JUDGE_CACHE_DIR": str(settings.cache_dir), "JUDGE_PROBLEMS_DIR": str(FIXTURES)}
    return subprocess.run([sys.executable, "-m", "judge.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("problem, solution, exit_code, verdict", [
    ("add-canary", "solutions/reference.py", 0, "accepted"),
    ("add-canary", "solutions/wrong.py", 1, "wrong_answer"),
    ("plays-per-user", "solutions/reference.sql", 0, "accepted"),
    ("plays-per-user", "solutions/wrong.sql", 1, "wrong_answer"),
])
def test_json_output_and_exit_status(docker_ready, settings, problem, solution, exit_code, verdict):
    completed = run_judge(settings, "check", problem, str(FIXTURES / problem / solution), "--json")
    assert completed.returncode == exit_code, completed.stderr
    result = json.loads(completed.stdout)
    assert result["verdict"] == verdict
    assert 0 <= result["score"] <= 100
    assert result["tests"] and all({"name", "visibility", "verdict", "time_ms"} <= set(t) for t in result["tests"])
    assert {t["visibility"] for t in result["tests"]} == {"public", "hidden"}


def test_a_problem_can_be_named_by_path_and_the_table_is_printed(docker_ready, settings):
    completed = run_judge(settings, "check", str(FIXTURES / "plays-per-user"),
                          str(FIXTURES / "plays-per-user" / "solutions" / "wrong.sql"))
    assert completed.returncode == 1
    assert "hidden/01" in completed.stdout and "wrong_answer" in completed.stdout


@pytest.mark.parametrize("args, message", [
    (["check", "no-such-problem", "pyproject.toml"], "no problem named 'no-such-problem'"),
    (["check", "plays-per-user", "pyproject.toml", "--language", "python"], "accepts sql, not 'python'"),
    (["check", "plays-per-user", "pyproject.toml", "--dialect", "oracle"], "not 'oracle'"),
])
def test_bad_requests_get_a_clear_message(settings, args, message):
    completed = run_judge(settings, *args)
    assert completed.returncode == 2
    assert message in " ".join(completed.stderr.split())
