"""Events stream out of a real container as the runner writes them: each test's result reaches on_event
before the container exits, and what reaches it is the candidate's view."""

from __future__ import annotations

import time

import docker
import pytest

from judge.sandbox.containers import JOB_LABEL
from judge.source import Source
from judge.verdicts import TestResult, Verdict, Visibility

pytestmark = pytest.mark.sandbox

# Correct, and slow: each test sleeps, so the run is still going while the first results arrive.
SLOW = (
    "import time\n"
    "def solve(a, b):\n"
    "    time.sleep(0.4)\n"
    "    return 'CANARY-' + '9f4c2e1d-hidden-answer' if a == 'secret' else a + b\n"
)


def test_each_tests_result_arrives_before_the_container_exits(judge, load_fixture):
    problem = load_fixture("add-canary")
    client = docker.from_env()
    seen: list[tuple[TestResult, bool]] = []
    label = f"streaming-{time.monotonic_ns()}"

    def running() -> bool:
        containers = client.api.containers(filters={"label": f"{JOB_LABEL}={label}"})
        return bool(containers) and all(c["State"] == "running" for c in containers)

    result = judge.judge(
        problem, Source(SLOW, "python"), label=label, on_event=lambda test: seen.append((test, running()))
    )
    assert result.verdict is Verdict.ACCEPTED
    assert [test.name for test, _ in seen] == [t.name for t in problem.tests]  # public first, then hidden
    assert all(alive for _, alive in seen[:-1]), seen  # the container still ran when each of these arrived
    assert all(test.verdict is Verdict.ACCEPTED and test.wall_ms and test.wall_ms >= 400 for test, _ in seen)
    hidden = [test for test, _ in seen if test.visibility is Visibility.HIDDEN]
    assert hidden and all(test.feedback == {} for test in hidden)  # the candidate's view: no hidden feedback


def test_the_stream_and_the_report_agree(judge, load_fixture):
    problem = load_fixture("add-canary")
    seen: list[TestResult] = []
    wrong = "def solve(a, b):\n    return a - b\n"
    result = judge.judge(problem, Source(wrong, "python"), on_event=seen.append)
    by_name = {t.name: t for t in result.for_candidate().tests}
    assert seen and all(by_name[t.name].verdict is t.verdict for t in seen)
    assert {t.verdict for t in seen} >= {Verdict.WRONG_ANSWER}
