"""Quotas: submissions per minute and waiting at once, per user; over either, a 429 with Retry-After (issue 13)."""

from __future__ import annotations

import pytest

from judge.service.quotas import Quota
from judge.settings import Settings

GOOD = "def solve(a, b):\n    return a + b\n"


def post(api, who: str):
    return api.client.post("/api/v1/submissions", json={"problem": "add-canary", "source": GOOD}, headers=api.auth(who))


def test_over_the_rate_is_a_429_and_another_user_is_unaffected(api_factory):
    # Finding of issue 13: one student posted 25 submissions in a second; all were accepted.
    api = api_factory(submissions_per_minute=3, max_pending_submissions=100)
    assert [post(api, "alice").status_code for _ in range(3)] == [201, 201, 201]
    refused = post(api, "alice")
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "at most 3 submissions a minute" in refused.json()["detail"]
    assert post(api, "bob").status_code == 201
    assert len(api.enqueued) == 4  # the refused one was neither stored nor queued


def test_runs_on_the_examples_are_counted_by_the_same_quotas(api_factory):
    # Issue 22: a run is limited as a submission is; otherwise it buys free sandbox time past the quota.
    api = api_factory(submissions_per_minute=2, max_pending_submissions=100)
    body = {"problem": "add-canary", "source": GOOD, "examples_only": True}
    runs = [api.client.post("/api/v1/submissions", json=body, headers=api.auth("alice")) for _ in range(2)]
    assert [r.status_code for r in runs] == [201, 201] and all(r.json()["examples_only"] for r in runs)
    assert post(api, "alice").status_code == 429  # the graded one after two runs is over the rate
    assert api.client.post("/api/v1/submissions", json=body, headers=api.auth("alice")).status_code == 429


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


# --- a course's own quotas ---------------------------------------------------------------------------------


def course_with_quotas(course, **settings):
    from tests.judge.api.test_courses import assignment, put

    assert put(course, assignment("week-1", -1, 5)).status_code == 200
    saved = course.client.put("/api/v1/courses/ds101/settings", json=settings, headers=course.auth("teacher"))
    assert saved.status_code == 200, saved.text
    return saved.json()


def test_a_course_sets_its_own_rate_for_the_submissions_made_in_it(course):
    assert course_with_quotas(course, submissions_per_minute=2) == {
        "submissions_per_minute": 2,
        "max_pending_submissions": None,
        "webhook_url": None,
    }
    assert [post(course, "ann").status_code for _ in range(2)] == [201, 201]
    refused = post(course, "ann")
    assert refused.status_code == 429 and "at most 2 submissions a minute" in refused.json()["detail"]
    assert post(course, "ben").status_code == 201  # counted per student
    # Outside the course, ann is under the deployment's quota (20 a minute), counted apart.
    outside = course.client.post(
        "/api/v1/submissions", headers=course.auth("ann"), json={"problem": "plays-per-user", "source": "SELECT 1 AS n"}
    )
    assert outside.status_code == 201, outside.text


def test_a_course_may_allow_more_than_the_deployment(api_factory):
    # A timed exam with many quick attempts: the course's numbers replace the deployment's, for it alone.
    api = api_factory(submissions_per_minute=1, max_pending_submissions=1)
    api.client.post("/api/v1/courses", json={"slug": "ds101", "title": "DS"}, headers=api.auth("teacher"))
    added = api.client.post("/api/v1/courses/ds101/members", json={"name": "alice"}, headers=api.auth("teacher"))
    assert added.status_code == 201, added.text
    course_with_quotas(api, submissions_per_minute=4, max_pending_submissions=4)
    assert [post(api, "alice").status_code for _ in range(4)] == [201] * 4
    assert post(api, "alice").status_code == 429


def test_a_course_sets_how_many_may_wait_at_once(course):
    course_with_quotas(course, max_pending_submissions=1)
    assert post(course, "ann").status_code == 201
    refused = post(course, "ann")
    assert refused.status_code == 429 and "1 submissions waiting" in refused.json()["detail"]


def test_only_instructors_set_a_course_and_values_are_checked(course):
    from tests.judge.api.test_courses import assignment, put

    put(course, assignment("week-1", -1, 5))
    url = "/api/v1/courses/ds101/settings"
    assert course.client.put(url, json={"submissions_per_minute": 5}, headers=course.auth("tia")).status_code == 403
    assert course.client.get(url, headers=course.auth("ann")).status_code == 403
    assert course.client.get(url, headers=course.auth("carl")).status_code == 404
    for bad in (
        {"submissions_per_minute": 0},
        {"max_pending_submissions": -1},
        {"colour": "red"},
        {"webhook_url": "http://127.0.0.1:9/hook"},
        {"webhook_url": "ftp://example.com/x"},
    ):
        answer = course.client.put(url, json=bad, headers=course.auth("teacher"))
        assert answer.status_code == 422, (bad, answer.text)
    assert course.client.get(url, headers=course.auth("tia")).json()["submissions_per_minute"] is None
    assert course.client.get("/api/v1/courses/ds101/webhook-secret", headers=course.auth("tia")).status_code == 403
    secret = course.client.get("/api/v1/courses/ds101/webhook-secret", headers=course.auth("teacher")).json()
    assert len(secret["secret"]) == 64 and secret["header"] == "X-Judge-Signature"
