"""judge.verify.group_strength: each hidden group must fail some wrong solution, unless it is performance-only."""

from __future__ import annotations

import pytest

from judge.format.spec import GroupSpec, Scoring, SolutionSpec
from judge.verdicts import GroupResult, SubmissionResult, Verdict, Visibility
from judge.verify import SolutionOutcome, group_strength

A, W, T = Verdict.ACCEPTED, Verdict.WRONG_ANSWER, Verdict.TIME_LIMIT_EXCEEDED


class FakeProblem:
    def __init__(self, *groups: GroupSpec):
        self.scoring = Scoring(groups=list(groups))

    def groups(self):
        return self.scoring.groups


GROUPS = (
    GroupSpec(name="examples", visibility="public", weight=0),
    GroupSpec(name="edge", visibility="hidden", weight=50),
    GroupSpec(name="large", visibility="hidden", weight=50, performance=True),
)


def outcome(file: str, expect: Verdict, **verdicts: Verdict) -> SolutionOutcome:
    groups = tuple(
        GroupResult(
            name=g.name,
            visibility=Visibility(g.visibility),
            weight=g.weight,
            score=1.0 if verdicts[g.name] is A else 0.0,
            verdict=verdicts[g.name],
        )
        for g in GROUPS
    )
    overall = next((v for v in verdicts.values() if v is not A), A)
    result = SubmissionResult(problem="p", language="python", verdict=overall, score=0.0, tests=(), groups=groups)
    return SolutionOutcome(SolutionSpec(file=file, expect=expect), result, ())


@pytest.mark.parametrize(
    "outcomes, caught, failures",
    [
        (
            [
                outcome("ref", A, examples=A, edge=A, large=A),
                outcome("hard", W, examples=A, edge=W, large=W),
                outcome("slow", T, examples=A, edge=A, large=T),
            ],
            {"edge": ("hard",), "large": ("hard", "slow")},
            [],
        ),
        (
            [outcome("ref", A, examples=A, edge=A, large=A), outcome("slow", T, examples=A, edge=A, large=T)],
            {"edge": (), "large": ("slow",)},
            ["hidden group edge fails none of the wrong solutions"],
        ),
        (
            [outcome("ref", A, examples=A, edge=A, large=A), outcome("hard", W, examples=W, edge=W, large=A)],
            {"edge": ("hard",), "large": ()},
            [],
        ),  # a performance group need not catch anything
        (
            [outcome("hard", W, examples=A, edge=W, large=W), outcome("sneaky", W, examples=A, edge=A, large=A)],
            {"edge": ("hard",), "large": ("hard",)},
            ["sneaky: a wrong solution passes every test group"],
        ),
    ],
)
def test_group_strength(outcomes, caught, failures):
    strength, found = group_strength(FakeProblem(*GROUPS), outcomes)
    assert {s.group: s.caught for s in strength} == caught  # public groups are not judged for strength
    assert [s.performance for s in strength] == [False, True]
    assert len(found) == len(failures)
    for fragment, failure in zip(failures, found):
        assert fragment in failure
