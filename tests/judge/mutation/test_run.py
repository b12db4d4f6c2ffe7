"""Judging mutants in the real sandbox: killed, survived, declared equivalent, and stillborn."""

from __future__ import annotations

import shutil

import pytest

from judge.mutation.run import mutants_of, mutate, sample
from judge.problems.loader import load_problem
from tests.conftest import FIXTURES


@pytest.fixture
def canary(tmp_path):
    return shutil.copytree(FIXTURES / "add-canary", tmp_path / "add-canary")


def test_the_canary_reference_is_mutated_and_judged(judge, canary):
    # solve(a, b): "secret" gives the canary, anything else a + b. `a - b` is caught by the examples; `== to !=`
    # swaps the two branches; dropping the guard, or `-` between the canary's two strings, fails on the canary.
    problem = load_problem(canary)
    report = mutate(judge, problem)
    statuses = {o.mutant.id: o.status for o in report.outcomes}
    assert statuses == {
        "compare:2:7:== to !=": "killed",
        "arithmetic:4:11:+ to -": "killed",
        "guard:2:4:dropped": "killed",
        "arithmetic:3:15:+ to -": "killed",
    }
    assert report.score == 1.0 and report.survivors == []
    killed = next(o for o in report.outcomes if o.mutant.id == "arithmetic:4:11:+ to -")
    assert killed.failing_test == "examples/01"


def test_a_survivor_is_reported_unless_declared_equivalent(judge, canary):
    # Take away every test that a - b fails: it survives, until declared equivalent.
    for name in ("examples/01.json", "examples/02.json", "hidden/01.json"):
        (canary / "data" / name).unlink()
    (canary / "data" / "examples" / "01.json").write_text('{"args": [0, 0], "expected": 0}')
    spec = canary / "problem.yaml"
    report = mutate(judge, load_problem(canary))
    assert [o.mutant.id for o in report.survivors] == ["arithmetic:4:11:+ to -"]
    assert report.score == 0.75
    spec.write_text(
        spec.read_text() + "mutants:\n  equivalent:\n    'arithmetic:4:11:+ to -': the tests add 0 to 0\n"
        "    'compare:9:9:< to <=': a line the reference no longer has\n"
    )
    report = mutate(judge, load_problem(canary))
    assert report.survivors == [] and report.count("equivalent") == 1 and report.score == 1.0
    assert report.stale == ("compare:9:9:< to <=",)


def test_a_sample_is_the_same_each_time(canary):
    mutants = [m for m in mutants_of(load_problem(canary))] * 5
    assert sample(mutants, 3, "add-canary") == sample(mutants, 3, "add-canary")
    assert len(sample(mutants, 3, "add-canary")) == 3 and sample(mutants, None, "x") == mutants
