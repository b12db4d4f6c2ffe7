"""The spare sandbox (judge.sandbox.docker_sandbox): made ahead, used once for the next job, then removed; never
kept past its age, and never left behind."""

from __future__ import annotations

import dataclasses

import docker
import pytest

from judge.core import Judge
from judge.grading import build_job
from judge.sandbox import docker_sandbox
from judge.sandbox.containers import JOB_LABEL, OWNER_LABEL, owner_id
from judge.sandbox.reaper import labelled_containers
from judge.source import Source
from judge.verdicts import Verdict
from tests.judge.sandbox.test_isolation import EXPECTED, probe_job

pytestmark = pytest.mark.sandbox
CORRECT = "def solve(a, b):\n    return 'CANARY-' + '9f4c2e1d-hidden-answer' if a == 'secret' else a + b\n"


@pytest.fixture
def spare_judge(settings, docker_ready):
    made = Judge(settings.model_copy(update={"sandbox": settings.sandbox.model_copy(update={"spare": True})}))
    yield made
    made.close()


def spares() -> list[str]:
    return [
        cid
        for cid, labels in labelled_containers(docker.from_env(), f"{OWNER_LABEL}={owner_id()}")
        if labels.get(JOB_LABEL) == docker_sandbox.SPARE_LABEL
    ]


def settle(judge: Judge) -> None:
    making = judge.sandbox._making
    if making is not None:
        making.join(timeout=30)


def test_the_next_job_runs_in_the_spare_and_a_new_one_is_made(spare_judge, load_fixture):
    problem = load_fixture("add-canary")
    first = spare_judge.judge(problem, Source(CORRECT, "python"))
    assert first.verdict is Verdict.ACCEPTED
    settle(spare_judge)
    [kept] = spares()
    second = spare_judge.judge(problem, Source(CORRECT, "python"))
    assert second.verdict is Verdict.ACCEPTED  # judged in it: its nonce framed the report, named the vault
    settle(spare_judge)
    now = spares()
    assert kept not in {c for c, _ in labelled_containers(docker.from_env(), f"{OWNER_LABEL}={owner_id()}")}
    assert len(now) == 1 and now != [kept]  # used once and removed; the next one made


def test_a_spare_is_as_locked_down_as_a_fresh_container(spare_judge, load_fixture):
    problem = load_fixture("add-canary")
    spare_judge.judge(problem, Source(CORRECT, "python"))
    settle(spare_judge)
    assert spares()
    report = spare_judge.sandbox.run(probe_job(problem))
    assert report.tests[0] is not None and report.tests[0].status == "ok", report
    seen = report.tests[0].output
    for key, expected in EXPECTED:
        assert seen[key] == expected, (key, seen)


def test_a_spare_takes_the_memory_limit_of_its_job(spare_judge, load_fixture):
    problem = load_fixture("add-canary")
    spare_judge.judge(problem, Source(CORRECT, "python"))
    settle(spare_judge)
    job = build_job(problem, Source(CORRECT, "python"))
    bigger = dataclasses.replace(job, limits=job.limits.model_copy(update={"memory_mb": 300}))
    taken = spare_judge.sandbox._take_spare(bigger)
    assert taken is not None
    try:
        taken.container.reload()
        overhead = spare_judge.settings.sandbox.memory_overhead_mb
        assert taken.container.attrs["HostConfig"]["Memory"] == (300 + overhead) * 1024 * 1024
    finally:
        spare_judge.sandbox.containers.remove(taken.container)


def test_an_old_spare_is_removed_not_used(spare_judge, load_fixture, monkeypatch):
    problem = load_fixture("add-canary")
    spare_judge.judge(problem, Source(CORRECT, "python"))
    settle(spare_judge)
    [old] = spares()
    monkeypatch.setattr(docker_sandbox, "SPARE_MAX_AGE_S", 0.0)
    assert spare_judge.judge(problem, Source(CORRECT, "python")).verdict is Verdict.ACCEPTED
    settle(spare_judge)
    assert old not in spares()


def test_closing_and_reaping_the_owner_leave_no_spare(spare_judge, load_fixture):
    problem = load_fixture("add-canary")
    spare_judge.judge(problem, Source(CORRECT, "python"))
    settle(spare_judge)
    assert spares()
    spare_judge.sandbox.reap_owner(owner_id())  # what the sweeper does for a worker that died
    assert not spares()
    spare_judge.judge(problem, Source(CORRECT, "python"))  # its spare gone: a fresh container, then a spare
    settle(spare_judge)
    assert spares()
    spare_judge.close()
    assert not spares()


def test_a_one_off_judge_keeps_no_spare(judge, load_fixture):
    judge.judge(load_fixture("add-canary"), Source(CORRECT, "python"))
    assert judge.sandbox._making is None and not spares()


def test_a_spare_is_discarded_after_a_run_the_judge_failed_on(spare_judge, load_fixture):
    problem = load_fixture("add-canary")
    spare_judge.judge(problem, Source(CORRECT, "python"))
    settle(spare_judge)
    assert spares()
    spare_judge.sandbox.discard_spare()  # what Judge.judge does after an internal_error (test_durability.py)
    assert not spares()
