"""Quotas: submissions per minute and waiting at once, per user; over either, a 429 with Retry-After (issue 13)."""

from __future__ import annotations

import pytest

from judge.service.quotas import Quota
from judge.settings import Settings

GOOD = "def solve(a, b):\n    return a + b\n"


def post(api, who: str):
    return api.client.post("/api/v1/submissions", json={"problem": "add-canary", "source": GOOD},
                           headers=api.auth(who))


def test_over_the_rate_is_a_429_and_another_user_is_unaffected(api_factory):
    # Finding of issue 13: one student posted 25 submissions in a second; all were accepted.
    api = api_factory(submissions_per_minute=3, max_pending_submissions=100)
    assert [post(api, "alice").status_code for _ in range(3)] == [201, 201, 201]
    refused = post(api, "alice")
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "at most 3 submissions a minute" in refused.json()["detail"]
    assert post(api, "bob").status_code == 201
    assert len(api.enqueued) == 4  # the refused one was neither stored nor queued


def test_too_many_waiting_at_once_is_a_429(api_factory):
    api = api_factory(submissions_per_minute=100, max_pending_submissions=2)
    assert [post(api, "alice").status_code for _ in range(2)] == [201, 201]
    refused = post(api, "alice")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "5"
    assert "2 submissions waiting to be judged" in refused.json()["detail"]


@pytest.mark.service
def test_the_rate_is_counted_across_api_processes_in_redis(redis_url, tmp_path):
    # Two API processes are two Quota objects over the same Redis: the fourth submission is refused wherever it
    # arrives.
    from judge.db.models import User
    from judge.db.roles import Role
    from judge.db.session import make_engine, make_sessionmaker, upgrade
    from judge.errors import TooManyRequests

    url = f"sqlite:///{tmp_path / 'judge.db'}"
    upgrade(url)
    settings = Settings(database_url=url, broker_url=redis_url, submissions_per_minute=3)
    first, second = Quota(settings), Quota(settings)
    user = User(id="u-quota", name="quota", role=Role.STUDENT)
    with make_sessionmaker(make_engine(url))() as session:
        first.admit(session, user)
        second.admit(session, user)
        first.admit(session, user)
        with pytest.raises(TooManyRequests):
            second.admit(session, user)
