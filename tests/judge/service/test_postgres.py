"""The storage and the submission lifecycle on a real PostgreSQL, as compose runs them."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from judge.core import Judge
from judge.sandbox.fake import FakeSandbox
from judge.verdicts import Verdict
from tests.judge.api.conftest import public_result
from judge.db.models import ApiToken, Role, Status, Submission, SubmissionResultRow
from judge.db.session import make_engine, make_sessionmaker, upgrade
from judge.problems.registry import DirectoryRegistry
from judge.service import judging
from judge.service.services import Services
from judge.service.users import authenticate, create_user
from tests.conftest import FIXTURES, submit_as


@pytest.fixture
def pg_services(postgres_url, settings):
    upgrade(postgres_url)
    upgrade(postgres_url)  # migrations are idempotent
    engine = make_engine(postgres_url)
    with engine.begin() as connection:  # a clean slate per test
        for table in ("submission_results", "submissions", "api_tokens", "users"):
            connection.exec_driver_sql(f"DELETE FROM {table}")
    tuned = settings.model_copy(update={"problems_dir": FIXTURES, "stale_after_s": 5, "requeue_after_s": 5})
    return Services(
        settings=tuned,
        sessions=make_sessionmaker(engine),
        registry=DirectoryRegistry.load(FIXTURES),
        judge=Judge(tuned),
    )


def test_users_and_tokens(pg_services):
    with pg_services.sessions() as session:
        user, token = create_user(session, "ada", Role.INSTRUCTOR)
        assert authenticate(session, token).name == "ada"
        stored = session.scalar(select(func.count()).where(ApiToken.token_hash == token))
        assert stored == 0  # only the hash is stored


def test_the_result_is_stored_once_and_the_sweeper_requeues_the_lost(pg_services):
    queue: list[str] = []
    with pg_services.sessions() as session:
        user, _ = create_user(session, "bo", Role.STUDENT)
    row = submit_as(pg_services, user, "add-canary", None, None, "def solve(a, b):\n    return a + b\n", queue.append)
    assert queue == [row.id]
    result = public_result(verdict=Verdict.WRONG_ANSWER)
    assert judging.store_result(pg_services, row.id, result) is True
    assert judging.store_result(pg_services, row.id, public_result(verdict=Verdict.ACCEPTED)) is False
    with pg_services.sessions() as session:
        assert session.scalar(select(func.count()).where(SubmissionResultRow.submission_id == row.id)) == 1
        assert session.get(SubmissionResultRow, row.id).verdict == "wrong_answer"

    lost = submit_as(
        pg_services,
        user,
        "add-canary",
        None,
        None,
        "def solve(a, b):\n    return 0\n",
        lambda _: (_ for _ in ()).throw(ConnectionError("down")),
    )
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=60)
    again: list[str] = []
    assert judging.sweep(pg_services, again.append, now=later) == [lost.id] == again


def test_a_submission_is_judged_with_postgres_storage(pg_services):
    # About the storage, not isolation: judged by the in-process sandbox (tests/judge/sandbox/test_fake.py
    # shows it gives the real one's verdicts; test_end_to_end.py runs this path with containers).
    pg_services = dataclasses.replace(pg_services, judge=Judge(pg_services.settings, sandbox=FakeSandbox()))
    with pg_services.sessions() as session:
        user, _ = create_user(session, "cy", Role.STUDENT)
    row = submit_as(
        pg_services,
        user,
        "plays-per-user",
        None,
        "postgres",
        "SELECT user_id, COUNT(*) AS plays FROM plays GROUP BY user_id",
        lambda _: None,
    )
    assert judging.run_submission(pg_services, row.id, worker="test") is True
    assert judging.run_submission(pg_services, row.id, worker="test") is False  # a duplicate message
    with pg_services.sessions() as session:
        final = session.get(Submission, row.id)
        assert final.status is Status.FINISHED and final.attempts == 1
        assert session.get(SubmissionResultRow, row.id).verdict == "accepted"
