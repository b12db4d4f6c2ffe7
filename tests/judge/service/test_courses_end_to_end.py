"""A small course, end to end: the real API, a real Celery worker, Redis and the sandbox (issue 12).

An instructor creates a course, imports a roster of five students and a TA, and sets assignments, one of them
not yet released. Students submit on time and late (the deadline is moved, never slept through); the gradebook
CSV carries the late penalty; what students and the TA may see is exactly their part.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import httpx
import pytest

from tests.conftest import FIXTURES
from tests.judge.service.conftest import ADMIN_TOKEN

pytestmark = [pytest.mark.sandbox, pytest.mark.service]
REFERENCE = (FIXTURES / "add-canary" / "solutions" / "reference.py").read_text()
WRONG = (FIXTURES / "add-canary" / "solutions" / "wrong.py").read_text()  # passes the examples only: 20 of 100
NOW = dt.datetime.now(dt.timezone.utc)


@pytest.fixture
def problems_dir():
    return FIXTURES


def at(hours: float) -> str:
    return (NOW + dt.timedelta(hours=hours)).isoformat()


def assignment(slug: str, problem: str, release: float, due: float, policy: dict) -> dict:
    return {
        "slug": slug,
        "title": slug,
        "release_at": at(release),
        "due_at": at(due),
        "late_policy": policy,
        "problems": [{"problem": problem, "points": 10}],
    }


class Caller:
    def __init__(self, url: str, token: str):
        self.client = httpx.Client(base_url=url, timeout=120, headers={"Authorization": f"Bearer {token}"})

    def __call__(self, method: str, path: str, status: int = 200, **kwargs) -> httpx.Response:
        response = self.client.request(method, path, **kwargs)
        assert response.status_code == status, f"{method} {path}: {response.status_code} {response.text[:500]}"
        return response


def test_a_small_course_from_roster_to_gradebook(docker_ready, api_server, workers):
    workers.start("course")
    admin = Caller(api_server, ADMIN_TOKEN)
    prof = Caller(
        api_server, admin("POST", "/api/v1/users", 201, json={"name": "prof", "role": "instructor"}).json()["token"]
    )
    outsider = Caller(api_server, admin("POST", "/api/v1/users", 201, json={"name": "outsider"}).json()["token"])
    prof("POST", "/api/v1/courses", 201, json={"slug": "cohort-1", "title": "Cohort 1"})
    roster = "name,email,role\n" + "".join(f"s{i},s{i}@example.com,student\n" for i in range(1, 6)) + "ta1,,ta\n"
    added = prof(
        "POST", "/api/v1/courses/cohort-1/roster", 201, content=roster, headers={"Content-Type": "text/csv"}
    ).json()
    people = {m["name"]: Caller(api_server, m["token"]) for m in added}
    assert set(people) == {"s1", "s2", "s3", "s4", "s5", "ta1"}

    per_day = {"kind": "per_day", "percent": 10, "floor": 50}
    prof(
        "PUT", "/api/v1/courses/cohort-1/assignments/week-1", json=assignment("week-1", "add-canary", -72, 24, per_day)
    )
    prof(
        "PUT",
        "/api/v1/courses/cohort-1/assignments/final",
        json=assignment("final", "hostile-sum", -48, -1, {"kind": "none"}),
    )
    prof(
        "PUT",
        "/api/v1/courses/cohort-1/assignments/week-2",
        # private: its problem is the course's alone, hidden from the open bank (the visibility rule)
        json={**assignment("week-2", "plays-per-user", 24, 48, per_day), "private": True},
    )

    ids = {}
    ids["s1"] = people["s1"](
        "POST", "/api/v1/submissions", 201, json={"problem": "add-canary", "source": REFERENCE}
    ).json()
    ids["s2"] = people["s2"]("POST", "/api/v1/submissions", 201, json={"problem": "add-canary", "source": WRONG}).json()
    assert not ids["s1"]["late"] and not ids["s2"]["late"]
    # The deadline moves to 25 hours ago: s3 is two days late, 20% off.
    prof(
        "PUT", "/api/v1/courses/cohort-1/assignments/week-1", json=assignment("week-1", "add-canary", -72, -25, per_day)
    )
    ids["s3"] = people["s3"](
        "POST", "/api/v1/submissions", 201, json={"problem": "add-canary", "source": REFERENCE}
    ).json()
    assert (ids["s3"]["late"], ids["s3"]["penalty_percent"]) == (True, 20.0)
    practice = outsider(
        "POST",
        "/api/v1/submissions",
        201,
        json={"problem": "count-stream", "source": "def total(numbers):\n    return sum(numbers)\n"},
    )

    # What a student may not do.
    hard = people["s4"]("POST", "/api/v1/submissions", 403, json={"problem": "hostile-sum", "source": "x = 1\n"})
    assert "the deadline passed at" in hard.json()["detail"]
    people["s1"]("GET", "/api/v1/problems/plays-per-user", 404)
    people["s1"]("POST", "/api/v1/submissions", 404, json={"problem": "plays-per-user", "source": "SELECT 1"})
    people["s2"]("GET", f"/api/v1/submissions/{ids['s1']['id']}/source", 403)
    outsider("GET", "/api/v1/courses/cohort-1", 404)

    for name, made in ids.items():
        view = people[name]("GET", f"/api/v1/submissions/{made['id']}", params={"wait": 60}).json()
        for _ in range(5):
            if view["status"] == "finished":
                break
            view = people[name]("GET", f"/api/v1/submissions/{made['id']}", params={"wait": 60}).json()
        assert view["status"] == "finished", (name, view)
    # The TA sees the course's submissions and sources, and nothing outside it.
    seen = {s["id"] for s in people["ta1"]("GET", "/api/v1/submissions").json()["items"]}
    assert seen == {made["id"] for made in ids.values()}
    people["ta1"]("GET", f"/api/v1/submissions/{ids['s2']['id']}/source")
    people["ta1"]("GET", f"/api/v1/submissions/{practice.json()['id']}", 403)

    export = people["ta1"]("GET", "/api/v1/courses/cohort-1/gradebook.csv")
    assert export.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(export.text))) == [
        # a column per problem, then the assignment's
        ["student", "email", "week-1/add-canary", "week-1", "final/hostile-sum", "final", "week-2/plays-per-user"]
        + ["week-2", "total"],
        # accepted, on time when made; lateness is read against the deadline as it is now, which has moved
        # to 25 hours before it: two days late by the rules as they stand, 20% off, as s3
        ["s1", "s1@example.com", "8", "8", "0", "0", "0", "0", "8"],
        ["s2", "s2@example.com", "1.6", "1.6", "0", "0", "0", "0", "1.6"],  # the examples only (20 of 100), as late
        ["s3", "s3@example.com", "8", "8", "0", "0", "0", "0", "8"],  # accepted, two days late: 20% off
        ["s4", "s4@example.com", "0", "0", "0", "0", "0", "0", "0"],  # refused after the hard deadline
        ["s5", "s5@example.com", "0", "0", "0", "0", "0", "0", "0"],  # never submitted
    ]
    people["s1"]("GET", "/api/v1/courses/cohort-1/gradebook.csv", 403)
