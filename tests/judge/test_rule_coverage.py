"""judge.verify.rule_coverage: each rule of a statement is broken by a declared wrong solution that fails one
of the rule's tests, below the pass mark, and scores under 100."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from judge.format.spec import RuleSpec, SolutionSpec
from judge.verdicts import SubmissionResult, TestResult, Verdict, Visibility
from judge.verify import SolutionOutcome, rule_coverage

A, W = Verdict.ACCEPTED, Verdict.WRONG_ANSWER
RULES = [
    RuleSpec(id="cut-offs", text="head when before / P < 0.5", tests=["edge/10", "edge/11"]),
    RuleSpec(id="ties", text="equal plays by track id", tests=["edge/06"]),
]


def outcome(file: str, breaks: list[str], score: float = 80.0, **tests: tuple[Verdict, float]) -> SolutionOutcome:
    results = tuple(
        TestResult(name=name.replace("_", "/"), group="edge", visibility=Visibility.HIDDEN, verdict=v, score=s)
        for name, (v, s) in tests.items()
    )
    overall = next((t.verdict for t in results if t.verdict is not A), A)
    result = SubmissionResult(problem="p", language="python", verdict=overall, score=score, tests=results, groups=())
    return SolutionOutcome(SolutionSpec(file=file, expect=W, breaks=breaks), result, ())


PROBLEM = SimpleNamespace(spec=SimpleNamespace(rules=RULES))


def test_a_rule_is_covered_when_its_breakers_fail_each_of_its_tests():
    outcomes = [
        outcome("running-float.py", ["cut-offs"], edge_10=(W, 0.0), edge_11=(W, 0.0), edge_06=(A, 1.0)),
        outcome("as-listed.py", ["ties"], edge_10=(A, 1.0), edge_11=(A, 1.0), edge_06=(W, 0.0)),
    ]
    coverage, failures = rule_coverage(PROBLEM, outcomes)
    assert failures == []
    assert [(c.rule, c.breakers, c.failed) for c in coverage] == [
        ("cut-offs", ("running-float.py",), ("edge/10", "edge/11")),
        ("ties", ("as-listed.py",), ("edge/06",)),
    ]


@pytest.mark.parametrize(
    "outcomes, failure",
    [
        # the breaker passes every test of its rule: the rule is untested
        (
            [
                outcome("running-float.py", ["cut-offs"], edge_10=(A, 1.0), edge_11=(A, 1.0)),
                outcome("as-listed.py", ["ties"], edge_06=(W, 0.0)),
            ],
            "rule cut-offs: running-float.py breaks it and passes every test of the rule",
        ),
        # a test the rule names fails none of its breakers: the declaration is not true
        (
            [
                outcome("running-float.py", ["cut-offs"], edge_10=(W, 0.0), edge_11=(A, 1.0)),
                outcome("as-listed.py", ["ties"], edge_06=(W, 0.0)),
            ],
            "rule cut-offs: the test edge/11 fails none of the solutions that break the rule",
        ),
        # a breaker that scores 100 (every test a pass, whatever its verdict) is not rejected
        (
            [
                outcome("running-float.py", ["cut-offs"], score=100.0, edge_10=(W, 0.0), edge_11=(W, 0.0)),
                outcome("as-listed.py", ["ties"], edge_06=(W, 0.0)),
            ],
            "rule cut-offs: running-float.py breaks it and is wrong_answer with 100",
        ),
        # partial credit on the rule's test is still below the pass mark only when it is under 1
        (
            [
                outcome("running-float.py", ["cut-offs"], edge_10=(W, 1.0), edge_11=(W, 1.0)),
                outcome("as-listed.py", ["ties"], edge_06=(W, 0.0)),
            ],
            "rule cut-offs: running-float.py breaks it and passes every test of the rule",
        ),
    ],
)
def test_a_rule_is_not_covered(outcomes, failure):
    _, failures = rule_coverage(PROBLEM, outcomes)
    assert failure in failures, failures


def test_an_accepted_breaker_is_a_failure():
    accepted = outcome("running-float.py", ["cut-offs"], edge_10=(A, 1.0), edge_11=(A, 1.0))
    _, failures = rule_coverage(PROBLEM, [accepted, outcome("as-listed.py", ["ties"], edge_06=(W, 0.0))])
    assert "rule cut-offs: running-float.py breaks it and is accepted with 80" in failures
