"""Bounds on judging again: a submission that keeps killing its workers, and a bug of the judge, end as internal_error."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from judge.db.models import Role, Status, Submission, SubmissionResultRow
from judge.errors import JudgeFailed
from judge.service import judging
from tests.conftest import FIXTURES, submit_as
from judge.service.users import create_user

CORRECT = "def solve(a, b):\n    return a + b\n"


def submit(services) -> str:
    with services.sessions() as session:
        user, _ = create_user(session, "student", Role.STUDENT)
    return submit_as(services, user, "add-canary", None, None, CORRECT, lambda _: None).id


def died_while_judging(services, submission_id: str, attempts: int) -> None:
    """As a worker SIGKILLed on its `attempts`-th start would leave it: running, with an old heartbeat."""
    long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)
    with services.sessions() as session:
        session.execute(
            update(Submission)
            .where(Submission.id == submission_id)
            .values(status=Status.RUNNING, attempts=attempts, heartbeat_at=long_ago, worker="gone:1")
        )
        session.commit()


@pytest.mark.parametrize("attempts, judged_again", [(1, True), (4, True), (5, False), (9, False)])
def test_the_sweeper_gives_up_after_max_attempts(services, attempts, judged_again):
    assert services.settings.max_attempts == 5
    submission_id = submit(services)
    died_while_judging(services, submission_id, attempts)
    sent, reaped = [], []
    requeued = judging.sweep(services, sent.append, reap_job=reaped.append)
    assert reaped == [submission_id]  # the dead attempt's container, either way
    with services.sessions() as session:
        row, result = session.get(Submission, submission_id), session.get(SubmissionResultRow, submission_id)
        if judged_again:
            assert requeued == sent == [submission_id] and row.status is Status.QUEUED and result is None
        else:
            assert requeued == sent == [] and row.status is Status.FINISHED
            assert result.verdict == "internal_error" and "interrupted 5 times" in result.result["message"]


def test_a_failure_of_the_judge_is_tried_again_then_final_as_internal_error(services, monkeypatch):
    assert services.settings.internal_error_retries == 2
    submission_id = submit(services)

    def broken(*_args, **_kwargs):  # a bug in the judge, as a missing file in the service image once was
        raise FileNotFoundError(2, "No such file or directory", "/somewhere/sandbox/Dockerfile")

    monkeypatch.setattr(services.judge, "judge", broken)
    for tries in (1, 2):  # not final: back in the queue, for the task to retry later
        with pytest.raises(JudgeFailed) as failed:
            judging.run_submission(services, submission_id, worker="test")
        assert failed.value.tries == tries and "FileNotFoundError" in str(failed.value)
        with services.sessions() as session:
            row = session.get(Submission, submission_id)
            assert row.status is Status.QUEUED and row.judge_failures == tries
            assert session.get(SubmissionResultRow, submission_id) is None
    assert judging.run_submission(services, submission_id, worker="test") is True
    with services.sessions() as session:
        row, result = session.get(Submission, submission_id), session.get(SubmissionResultRow, submission_id)
        assert row.status is Status.FINISHED and row.attempts == 3 and row.judge_failures == 3
        assert result.verdict == "internal_error"
        assert "failed on this submission 3 times" in result.result["message"]
        assert "FileNotFoundError" in result.result["message"]


def test_a_failure_of_the_judge_then_a_good_try_is_the_right_verdict(services, monkeypatch):
    with services.sessions() as session:
        user, _ = create_user(session, "another", Role.STUDENT)
    reference = (FIXTURES / "add-canary" / "solutions" / "reference.py").read_text()
    submission_id = submit_as(services, user, "add-canary", None, None, reference, lambda _: None).id
    real = services.judge.judge
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the judge tripped")
        return real(*args, **kwargs)

    monkeypatch.setattr(services.judge, "judge", flaky)
    with pytest.raises(JudgeFailed):
        judging.run_submission(services, submission_id, worker="test")
    assert judging.run_submission(services, submission_id, worker="test") is True
    with services.sessions() as session:
        assert session.get(SubmissionResultRow, submission_id).verdict == "accepted"
