"""The similarity benchmark's independent solutions (bench/similarity_solutions) are correct: each is accepted
on every test of its problem. A negative pair of the benchmark is two correct solutions written apart; one that
fails its problem would be a weaker negative than it claims.

Judged by the runner's own code in-process (FakeSandbox): what this is about is each solution's answers, not
isolation, which every sandbox test covers."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.core import Judge
from judge.problems.loader import resolve_problem
from judge.sandbox.fake import FakeSandbox
from judge.source import Source
from judge.verdicts import Verdict
from tests.conftest import BANK, REPO

SOLUTIONS = sorted((REPO / "bench" / "similarity_solutions").glob("*/*.*"))
SOLUTIONS = [path for path in SOLUTIONS if path.suffix in (".py", ".sql")]


@pytest.fixture(scope="module")
def in_process(settings, tmp_path_factory):
    return Judge(settings.model_copy(update={"cache_dir": tmp_path_factory.mktemp("bench-cache")}), FakeSandbox())


def test_every_benchmark_problem_has_three_independent_solutions():
    by_problem: dict[str, int] = {}
    for path in SOLUTIONS:
        by_problem[path.parent.name] = by_problem.get(path.parent.name, 0) + 1
    assert len(by_problem) == 6 and set(by_problem.values()) == {3}, by_problem


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_independent_solution_is_accepted(in_process, path: Path):
    problem = resolve_problem(path.parent.name, BANK)
    language = "sql" if path.suffix == ".sql" else "python"
    result = in_process.judge(
        problem, Source(path.read_text(encoding="utf-8"), language, "duckdb" if language == "sql" else None)
    )
    failed = [(t.name, t.verdict.value, t.feedback) for t in result.tests if t.verdict is not Verdict.ACCEPTED]
    assert result.verdict is Verdict.ACCEPTED, failed[:3]
