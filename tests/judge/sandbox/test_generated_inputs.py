"""Generated arguments: a problem's generator makes a large input lazily inside the sandbox,
so that the memory limit tells a streaming solution from one that keeps everything."""

from __future__ import annotations

import pytest

from judge.verify import verify_problem

pytestmark = pytest.mark.sandbox


def test_streaming_passes_and_hoarding_runs_out_of_memory(judge, load_fixture):
    outcome = verify_problem(judge, load_fixture("count-stream"), check_rules=False)  # about inputs, not rules
    assert outcome.ok, outcome.failures
    verdicts = {o.solution.file: o.result.verdict.value for o in outcome.outcomes}
    assert verdicts == {"solutions/reference.py": "accepted", "solutions/hoards.py": "memory_limit_exceeded"}


def test_generated_arguments_are_not_shown_as_data(judge, load_fixture):
    problem = load_fixture("count-stream")
    hidden = next(t for t in problem.tests if t.name == "hidden/01")
    files = problem.kind.input_files(hidden)
    assert len(files["input.json"]) < 200  # the recipe enters the box, not three million numbers
    assert "expected" not in files["input.json"].decode()
