"""The same verdicts on a machine held at several times its capacity as on a quiet one.

A CPU burner (stress-ng, one process per session, so that each competes with the sandbox containers as an
equal rather than the whole burner as one scheduling group) keeps every core several times over busy while
the references and held-out-style wrong solutions of a Python problem, an SQL problem in two dialects and a
metric problem are judged. Each gets exactly the verdict and the scores per test that it gets on the quiet
machine just before; none is internal_error, and no test is time_limit_exceeded with CPU time under its limit.
The reference outputs are derived under the load as well (a cache of this test's own).
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from judge.verdicts import SubmissionResult, Verdict
from tests.conftest import BANK

pytestmark = [pytest.mark.sandbox, pytest.mark.serial]  # alone on the machine: the quiet run must be quiet

BURNERS_PER_CORE = 3
BURNER_TIMEOUT_S = 1200  # a bound if the test were killed before it could stop them
CASES = {
    "top-artists-streaming": [(None, "reference.py"), (None, "hardcoded.py"), (None, "counts-short-plays.py")],
    "third-unique-song": [
        ("mysql", "reference.mysql.sql"),
        ("bigquery", "reference.bigquery.sql"),
        (None, "hardcoded.sql"),
        ("mysql", "row-number-on-plays.sql"),
    ],
    "duplicate-songs": [(None, "reference.py"), (None, "all-pairs.py"), (None, "exact-title.py")],
}


@contextmanager
def cpu_burner(per_core: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    stress = shutil.which("stress-ng")
    assert stress, "stress-ng is missing: scripts/setup.sh installs it"
    count = per_core * (os.cpu_count() or 1)
    burners = [
        subprocess.Popen(
            [stress, "--cpu", "1", "--timeout", f"{BURNER_TIMEOUT_S}s", "--quiet"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own session: its own scheduling autogroup
        )
        for _ in range(count)
    ]
    try:
        yield burners
    finally:
        for burner in burners:
            try:
                os.killpg(burner.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            burner.wait(timeout=30)


def judge_all(judge, problems) -> dict[tuple[str, str], SubmissionResult]:
    results = {}
    for slug, cases in CASES.items():
        problem = problems[slug]
        for dialect, name in cases:
            source = (problem.directory / "solutions" / name).read_text(encoding="utf-8")
            results[slug, name] = judge.judge(problem, judge.accept(problem, source, dialect=dialect))
    return results


def shape(result: SubmissionResult) -> tuple:
    return (
        result.verdict,
        round(result.score, 6),
        tuple((t.name, t.verdict, round(t.score, 6)) for t in result.tests),
    )


def test_verdicts_and_scores_do_not_change_with_the_load(settings, docker_ready, tmp_path: Path):
    from judge.core import Judge
    from judge.problems.loader import load_problem

    problems = {slug: load_problem(BANK / slug) for slug in CASES}
    quiet = judge_all(Judge(settings.model_copy(update={"cache_dir": tmp_path / "quiet"})), problems)
    with cpu_burner(BURNERS_PER_CORE) as burners:
        loaded = judge_all(Judge(settings.model_copy(update={"cache_dir": tmp_path / "loaded"})), problems)
        assert all(burner.poll() is None for burner in burners), "the burner stopped before the judging did"

    for key, result in loaded.items():
        assert shape(result) == shape(quiet[key]), key
        limit_ms = problems[key[0]].spec.limits.time_s * 1000
        for test in result.tests:
            assert test.verdict is not Verdict.INTERNAL_ERROR, (key, test.name, test.feedback)
            if test.verdict is Verdict.TIME_LIMIT_EXCEEDED and test.cpu_ms is not None:
                assert test.cpu_ms >= limit_ms, (key, test.name, test.cpu_ms, test.feedback)

    # The load was real: tests that computed took several times their CPU time in wall time.
    def slowdown(results: dict) -> float:
        return statistics.median(
            t.wall_ms / t.cpu_ms
            for r in results.values()
            for t in r.tests
            if t.cpu_ms and t.cpu_ms >= 200 and t.wall_ms
        )

    assert slowdown(loaded) > 1.5 * slowdown(quiet), (slowdown(loaded), slowdown(quiet))
