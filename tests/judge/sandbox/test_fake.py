"""judge.sandbox.fake.FakeSandbox: the runner's own code, in-process, for tests about something else. It must
give the verdicts the real sandbox gives wherever isolation is not what decides them."""

from __future__ import annotations

import pytest

from judge.core import Judge
from judge.sandbox.fake import FakeSandbox
from judge.source import Source
from judge.verdicts import Verdict

CASES = [
    (
        "add-canary",
        "python",
        None,
        "def solve(a, b):\n    return 'CANARY-' + '9f4c2e1d-hidden-answer' if a == 'secret' else a + b\n",
        Verdict.ACCEPTED,
    ),
    ("add-canary", "python", None, "def solve(a, b):\n    return a - b\n", Verdict.WRONG_ANSWER),
    ("add-canary", "python", None, "def solve(a, b):\n    return 1 / 0\n", Verdict.RUNTIME_ERROR),
    ("add-canary", "python", None, "def solve(a, b)\n    return a\n", Verdict.COMPILE_ERROR),
    (
        "plays-per-user",
        "sql",
        "duckdb",
        "SELECT user_id, COUNT(*) AS plays FROM plays GROUP BY user_id",
        Verdict.ACCEPTED,
    ),
    (
        "plays-per-user",
        "sql",
        "sqlite",
        "SELECT user_id, COUNT(*) AS plays FROM plays GROUP BY user_id",
        Verdict.ACCEPTED,
    ),
    (
        "plays-per-user",
        "sql",
        "postgres",
        "SELECT user_id, 1 AS plays FROM plays GROUP BY user_id",
        Verdict.WRONG_ANSWER,
    ),
]


@pytest.fixture(scope="module")
def fake_judge(settings):
    return Judge(settings, sandbox=FakeSandbox())


@pytest.mark.parametrize("slug, language, dialect, source, verdict", CASES)
def test_the_fake_gives_the_expected_verdict(fake_judge, load_fixture, slug, language, dialect, source, verdict):
    result = fake_judge.judge(load_fixture(slug), Source(source, language, dialect))
    assert result.verdict is verdict, result


def test_the_fake_streams_each_test_and_counts_its_runs(settings, load_fixture):
    sandbox = FakeSandbox()
    judge = Judge(settings.model_copy(update={"cache_dir": settings.cache_dir / "fake-runs"}), sandbox=sandbox)
    seen = []
    judge.judge(
        load_fixture("plays-per-user"),
        Source("SELECT user_id, COUNT(*) AS plays FROM plays GROUP BY user_id", "sql", "duckdb"),
        on_event=seen.append,
    )
    assert sandbox.runs == ["reference", "check"]  # the reference once, for the expected outputs
    assert [t.name for t in seen] == [t.name for t in load_fixture("plays-per-user").tests]
    judge.judge(load_fixture("plays-per-user"), Source("SELECT 1", "sql", "duckdb"))
    assert sandbox.runs == ["reference", "check", "check"]  # kept: the reference is not run again


@pytest.mark.sandbox
@pytest.mark.parametrize("slug, language, dialect, source, verdict", CASES)
def test_the_fake_and_the_real_sandbox_agree(judge, fake_judge, load_fixture, slug, language, dialect, source, verdict):
    problem = load_fixture(slug)
    real = judge.judge(problem, Source(source, language, dialect))
    fake = fake_judge.judge(problem, Source(source, language, dialect))
    assert (real.verdict, real.score) == (fake.verdict, fake.score)
    assert [(t.name, t.verdict) for t in real.tests] == [(t.name, t.verdict) for t in fake.tests]
