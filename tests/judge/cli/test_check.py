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
    # COLUMNS: what the lines say, not where a narrow terminal would wrap them.
    env = {
        **os.environ,
        "JUDGE_CACHE_DIR": str(settings.cache_dir),
        "JUDGE_PROBLEMS_DIR": str(FIXTURES),
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "judge.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize(
    "problem, solution, exit_code, verdict",
    [
        ("add-canary", "solutions/reference.py", 0, "accepted"),
        ("add-canary", "solutions/wrong.py", 1, "wrong_answer"),
        ("plays-per-user", "solutions/reference.sql", 0, "accepted"),
        ("plays-per-user", "solutions/wrong.sql", 1, "wrong_answer"),
    ],
)
def test_json_output_and_exit_status(docker_ready, settings, problem, solution, exit_code, verdict):
    completed = run_judge(settings, "check", problem, str(FIXTURES / problem / solution), "--json")
    assert completed.returncode == exit_code, completed.stderr
    result = json.loads(completed.stdout)
    assert result["verdict"] == verdict
    assert 0 <= result["score"] <= 100
    assert result["tests"] and all({"name", "visibility", "verdict", "wall_ms"} <= set(t) for t in result["tests"])
    assert {t["visibility"] for t in result["tests"]} == {"public", "hidden"}


def test_a_problem_can_be_named_by_path_and_the_table_is_printed(docker_ready, settings):
    completed = run_judge(
        settings,
        "check",
        str(FIXTURES / "plays-per-user"),
        str(FIXTURES / "plays-per-user" / "solutions" / "wrong.sql"),
    )
    assert completed.returncode == 1
    assert "hidden/01" in completed.stdout and "wrong_answer" in completed.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "no-such-problem", "pyproject.toml"], "no problem named 'no-such-problem'"),
        (["check", "plays-per-user", "pyproject.toml", "--language", "python"], "accepts sql, not 'python'"),
        (["check", "plays-per-user", "pyproject.toml", "--dialect", "oracle"], "not 'oracle'"),
    ],
)
def test_bad_requests_get_a_clear_message(settings, args, message):
    completed = run_judge(settings, *args)
    assert completed.returncode == 2
    assert message in " ".join(completed.stderr.split())


def test_verify_prints_the_worst_case_worker_time(docker_ready, settings):
    # hostile-sum: 11 tests of 0.5 s; a run can hold a worker its budget (1.5 x 5.5 s + 5 s), four times over
    # on a machine too busy to give it the CPU, plus the container's fixed allowance (40 s); the budget attacks
    # of tests/hostile show that it holds no longer.
    completed = run_judge(settings, "problems", "verify", "hostile-sum")
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert (
        "hostile-sum: worst-case worker time 93.0 s, for 11 tests of 0.5 s: a budget of 1.5 x 5.5 s + 5 s given "
        "the CPU, 4 times over on a busy machine, and the container's fixed allowance" in completed.stderr
    )
    # Rule coverage is on by default: hostile-sum's one rule, its breaker and the tests it failed.
    out = " ".join(completed.stdout.split())
    assert "rule coverage" in out and "every-number" in out and "2/2: hidden/01, partial/01" in out, out
    assert "reference's slowest test" in completed.stderr and "ms of CPU time" in completed.stderr


@pytest.mark.parametrize(
    "command", [["check", "add-canary"], ["submit", "add-canary", "--token", "t", "--server", "http://127.0.0.1:9"]]
)
def test_a_source_that_is_not_utf8_is_refused_with_where(settings, tmp_path, command):
    # Finding 7: such a file was decoded with replacement characters and judged (wrong_answer), silently.
    solution = tmp_path / "latin1.py"
    solution.write_bytes("def solve(a, b):\n    # café\n    return a + b\n".encode("latin-1"))
    completed = run_judge(settings, *command[:2], str(solution), *command[2:])
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert "is not valid UTF-8 (byte 26, line 2)" in " ".join(completed.stderr.split())
