"""A time limit reached while the machine kept a test from its CPU is judged again (judge.core.Judge.judge).

The supervisor marks such a test `contended` (judgebox.supervisor; the load test, tests/judge/
test_verdicts_under_load.py, runs it in real containers on a machine held at three times its capacity). Here a
scripted sandbox gives the reports, since what is tested is the judge's decision, not the measure.
"""

from __future__ import annotations

import pytest
from judgebox.protocol import RunStatus

import judge.core
from judge.core import Judge
from judge.sandbox.report import RunReport, TestOutcome
from judge.verdicts import Verdict
from tests.conftest import FIXTURES


class Scripted:
    """A sandbox whose runs give these reports in turn; `runs` counts them."""

    def __init__(self, problem, outcomes_per_run):
        self.problem, self.script, self.runs = problem, list(outcomes_per_run), 0

    def fingerprint(self) -> str:
        return "scripted"

    def worst_case_s(self, job) -> float:
        return 1.0

    def run(self, job, on_event=None) -> RunReport:
        kind = self.script[min(self.runs, len(self.script) - 1)]
        self.runs += 1
        tests = []
        for index, test in enumerate(self.problem.tests):
            if kind == "contended" and index == len(self.problem.tests) - 1:
                outcome = TestOutcome(index, RunStatus.TIME_LIMIT_EXCEEDED, cpu_ms=1200.0, contended=True)
            elif kind == "slow" and index == len(self.problem.tests) - 1:
                outcome = TestOutcome(index, RunStatus.TIME_LIMIT_EXCEEDED, cpu_ms=1200.0)
            else:
                outcome = TestOutcome(index, RunStatus.OK, output=test.payload["expected"], has_output=True)
            tests.append(outcome)
            if on_event is not None:
                on_event(outcome)
        return RunReport(tests=tuple(tests))


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    monkeypatch.setattr(judge.core, "CONTENDED_BACKOFF_S", 0.0)


@pytest.fixture
def add_canary():
    from judge.problems.loader import load_problem

    return load_problem(FIXTURES / "add-canary")


def judged(settings, problem, script):
    sandbox = Scripted(problem, script)
    court = Judge(settings, sandbox=sandbox)
    result = court.judge(problem, court.accept(problem, "def solve(a, b):\n    return a + b\n"))
    return result, sandbox.runs


def test_a_contended_time_limit_is_judged_again_and_the_later_verdict_stands(settings, add_canary):
    result, runs = judged(settings, add_canary, ["contended", "ok"])
    assert runs == 2 and result.verdict is Verdict.ACCEPTED


def test_a_time_limit_the_machine_did_not_cause_is_not_judged_again(settings, add_canary):
    result, runs = judged(settings, add_canary, ["slow", "ok"])
    assert runs == 1 and result.verdict is Verdict.TIME_LIMIT_EXCEEDED


def test_a_time_limit_contended_every_time_is_final_after_the_bounded_tries(settings, add_canary):
    assert settings.contended_retries == 2
    result, runs = judged(settings, add_canary, ["contended"])
    assert runs == 3 and result.verdict is Verdict.TIME_LIMIT_EXCEEDED
