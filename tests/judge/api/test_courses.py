"""The course layer through the API, in-process: members, rosters, assignments, deadlines, the gradebook.

Results are stored directly, as a worker would (tests/judge/api/conftest.py); deadlines are moved by putting
the assignment again, never by sleeping. tests/judge/service/test_courses_end_to_end.py runs a course with
the real worker and sandbox.
"""

from __future__ import annotations

import csv
import datetime as dt
import io


from judge.service import judging
from judge.verdicts import Verdict
from tests.judge.api.conftest import public_result

NOW = dt.datetime.now(dt.timezone.utc)
GOOD = "def solve(a, b):\n    return a + b\n"


def at(hours: float) -> str:
    return (NOW + dt.timedelta(hours=hours)).isoformat()


def assignment(
    slug: str,
    release: float,
    due: float,
    policy: dict | None = None,
    window: int | None = None,
    problems=(("add-canary", 10),),
) -> dict:
    body = {
        "slug": slug,
        "title": slug.title(),
        "release_at": at(release),
        "due_at": at(due),
        "problems": [{"problem": p, "points": pts} for p, pts in problems],
    }
    if policy:
        body["late_policy"] = policy
    if window:
        body["window_minutes"] = window
    return body


def put(api, body: dict, who: str = "teacher", course: str = "ds101"):
    return api.client.put(f"/api/v1/courses/{course}/assignments/{body['slug']}", json=body, headers=api.auth(who))


def submit(api, who: str, problem: str = "add-canary", **fields):
    return api.client.post(
        "/api/v1/submissions", json={"problem": problem, "source": GOOD, **fields}, headers=api.auth(who)
    )


def test_a_course_is_seen_by_its_members_only(course):
    api = course
    assert api.client.get("/api/v1/courses/ds101", headers=api.auth("ann")).json()["your_role"] == "student"
    assert api.client.get("/api/v1/courses/ds101", headers=api.auth("carl")).status_code == 404
    assert api.client.get("/api/v1/courses/ds101", headers=api.auth("admin")).status_code == 200
    assert [c["slug"] for c in api.client.get("/api/v1/courses", headers=api.auth("carl")).json()] == []
    members = api.client.get("/api/v1/courses/ds101/members", headers=api.auth("tia")).json()
    assert [(m["name"], m["role"]) for m in members] == [
        ("ann", "student"),
        ("ben", "student"),
        ("teacher", "instructor"),
        ("tia", "ta"),
    ]
    assert api.client.get("/api/v1/courses/ds101/members", headers=api.auth("ann")).status_code == 403
    assert (
        api.client.post("/api/v1/courses", json={"slug": "x", "title": "X"}, headers=api.auth("ann")).status_code == 403
    )


def test_a_bad_roster_lists_every_fault_and_adds_nobody(course):
    api = course
    roster = "name,email,role\nok-one,,student\nbad name,,student\nthree,,wizard\nok-one,,ta\nshort,x\n"
    refused = api.client.post(
        "/api/v1/courses/ds101/roster", content=roster, headers={**api.auth("teacher"), "Content-Type": "text/csv"}
    )
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert all(part in detail for part in ("line 3", "line 4", "line 6")), detail
    names = [m["name"] for m in api.client.get("/api/v1/courses/ds101/members", headers=api.auth("teacher")).json()]
    assert "ok-one" not in names
    assert (
        api.client.post(
            "/api/v1/courses/ds101/roster",
            content="who,what\n",
            headers={**api.auth("teacher"), "Content-Type": "text/csv"},
        ).status_code
        == 422
    )


def test_a_ta_adds_students_but_not_instructors(course):
    api = course
    assert (
        api.client.post("/api/v1/courses/ds101/members", json={"name": "carl"}, headers=api.auth("tia")).status_code
        == 201
    )
    # A TA makes no accounts: someone who has none is an instructor's to add.
    new = api.client.post("/api/v1/courses/ds101/members", json={"name": "dot"}, headers=api.auth("tia"))
    assert new.status_code == 403 and "no account yet" in new.json()["detail"]
    refused = api.client.post(
        "/api/v1/courses/ds101/members", json={"name": "eve", "role": "instructor"}, headers=api.auth("tia")
    )
    assert refused.status_code == 403 and "only instructors add instructors" in refused.json()["detail"]


def test_unreleased_problems_are_hidden_and_released_ones_tied_to_their_assignment(course):
    api = course
    assert put(api, assignment("week-1", release=-1, due=24)).status_code == 200
    private = {**assignment("week-2", release=24, due=48, problems=(("plays-per-user", 5),)), "private": True}
    assert put(api, private).status_code == 200
    slugs = {p["slug"] for p in api.client.get("/api/v1/problems", headers=api.auth("ann")).json()}
    assert "add-canary" in slugs and "plays-per-user" not in slugs
    assert api.client.get("/api/v1/problems/plays-per-user", headers=api.auth("ann")).status_code == 404
    assert submit(api, "ann", "plays-per-user").status_code == 404
    assert [a["slug"] for a in api.client.get("/api/v1/courses/ds101/assignments", headers=api.auth("ann")).json()] == [
        "week-1"
    ]
    assert api.client.get("/api/v1/courses/ds101/assignments/week-2", headers=api.auth("ann")).status_code == 404
    # Staff see everything; a problem outside every assignment is in the open bank.
    assert api.client.get("/api/v1/problems/plays-per-user", headers=api.auth("tia")).status_code == 200
    assert "count-stream" in slugs
    made = submit(api, "ann")
    assert made.status_code == 201 and made.json()["late"] is False
    row_id = made.json()["id"]
    listed = api.client.get(
        "/api/v1/submissions", params={"course": "ds101", "assignment": "week-1"}, headers=api.auth("tia")
    ).json()
    assert [s["id"] for s in listed["items"]] == [row_id]


def test_deadlines_late_penalties_and_extensions(course):
    api = course
    put(api, assignment("hard", release=-48, due=-1)).raise_for_status()
    refused = submit(api, "ann", assignment="ds101/hard")
    assert refused.status_code == 403 and "the deadline passed at" in refused.json()["detail"]
    # An extension moves that student's deadline only.
    api.client.put(
        "/api/v1/courses/ds101/assignments/hard/extensions/ann", json={"due_at": at(2)}, headers=api.auth("teacher")
    ).raise_for_status()
    assert submit(api, "ann", assignment="ds101/hard").status_code == 201
    assert submit(api, "ben", assignment="ds101/hard").status_code == 403
    # 10% a day, down to 50%: 25 hours late is 2 days, 20% off.
    put(
        api,
        assignment(
            "soft",
            release=-48,
            due=-25,
            policy={"kind": "per_day", "percent": 10, "floor": 50},
            problems=(("plays-per-user", 5),),
        ),
    ).raise_for_status()
    late = submit(api, "ben", "plays-per-user", source="SELECT 1")
    assert late.status_code == 201 and (late.json()["late"], late.json()["penalty_percent"]) == (True, 20.0)
    put(
        api,
        assignment(
            "cut",
            release=-48,
            due=-3,
            policy={"kind": "cutoff", "until": at(-1), "percent": 30},
            problems=(("count-stream", 5),),
        ),
    ).raise_for_status()
    assert "last day for late submissions" in submit(api, "ben", "count-stream").json()["detail"]


def test_a_timed_assignment_runs_from_the_first_opening(course):
    api = course
    put(api, assignment("quiz", release=-1, due=24, window=1)).raise_for_status()
    before = dt.datetime.now(dt.timezone.utc)
    opened = api.client.get("/api/v1/courses/ds101/assignments/quiz", headers=api.auth("ann")).json()
    deadline = dt.datetime.fromisoformat(opened["your_deadline"])
    assert before + dt.timedelta(minutes=1) <= deadline <= dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1)
    assert submit(api, "ann").status_code == 201
    # Moving the window to the past (the assignment is put again): ann's time is up.
    put(api, assignment("quiz", release=-2, due=24, window=1)).raise_for_status()
    with api.services.sessions() as session:
        from sqlalchemy import update

        from judge.db.models import AssignmentStart

        session.execute(
            update(AssignmentStart).values(started_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5))
        )
        session.commit()
    assert submit(api, "ann").status_code == 403


def test_the_gradebook_applies_penalties_and_counts_the_absent_as_zero(course):
    api = course
    put(
        api,
        assignment(
            "week-1",
            release=-48,
            due=-25,
            policy={"kind": "per_day", "percent": 10},
            problems=(("add-canary", 10), ("plays-per-user", 30)),
        ),
    ).raise_for_status()
    late = submit(api, "ann").json()  # 2 days late: 20% off
    api.client.put(
        "/api/v1/courses/ds101/assignments/week-1/extensions/ben", json={"due_at": at(1)}, headers=api.auth("teacher")
    ).raise_for_status()  # ben is on time
    first = submit(api, "ben").json()
    second = submit(api, "ben").json()
    judging.store_result(api.services, late["id"], public_result(verdict=Verdict.ACCEPTED))  # score 20
    judging.store_result(api.services, first["id"], public_result(verdict=Verdict.ACCEPTED))
    judging.store_result(api.services, second["id"], public_result())
    book = {
        row["student"]: row
        for row in api.client.get("/api/v1/courses/ds101/gradebook", headers=api.auth("teacher")).json()
    }
    assert set(book) == {"ann", "ben"}  # students only: not the TA
    ann = book["ann"]["assignments"][0]["problems"]
    assert (ann[0]["grade"], ann[0]["earned"], ann[0]["attempts"]) == (16.0, 1.6, 1)
    assert (ann[1]["grade"], ann[1]["attempts"]) == (0.0, 0)
    assert book["ben"]["total"] == 2.0 and book["ben"]["assignments"][0]["problems"][0]["attempts"] == 2
    response = api.client.get("/api/v1/courses/ds101/gradebook.csv", headers=api.auth("tia"))
    assert response.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(response.text))) == [
        ["student", "email", "week-1/add-canary", "week-1/plays-per-user", "week-1", "total"],
        ["ann", "ann@example.com", "1.6", "0", "1.6", "1.6"],
        ["ben", "", "2", "0", "2", "2"],
    ]
    assert api.client.get("/api/v1/courses/ds101/gradebook", headers=api.auth("ann")).status_code == 403
    stats = api.client.get("/api/v1/courses/ds101/assignments/week-1/stats", headers=api.auth("tia")).json()
    assert stats[0] == {
        "problem": "add-canary",
        "attempts": 3,
        "students": 2,
        "accepted_share": round(2 / 3, 4),
        "verdicts": {"accepted": 2, "wrong_answer": 1},
        "median_attempts_to_solve": 1,
        "failing_hidden_groups": {"hidden": 1},  # the wrong answer's
    }


def test_staff_see_their_course_only_and_students_their_own(course):
    api = course
    put(api, assignment("week-1", release=-1, due=24)).raise_for_status()
    in_course = submit(api, "ann").json()["id"]
    practice = submit(api, "carl", "count-stream").json()["id"]  # the open bank: no course
    assert api.client.get(f"/api/v1/submissions/{in_course}/source", headers=api.auth("tia")).status_code == 200
    assert api.client.get(f"/api/v1/submissions/{practice}", headers=api.auth("tia")).status_code == 403
    assert api.client.get(f"/api/v1/submissions/{in_course}/source", headers=api.auth("ben")).status_code == 403
    listed = {s["id"] for s in api.client.get("/api/v1/submissions", headers=api.auth("tia")).json()["items"]}
    assert in_course in listed and practice not in listed
    # An instructor of no course sees submissions made in no course, and those of their own courses only.
    assert api.client.get(f"/api/v1/submissions/{practice}", headers=api.auth("teacher")).status_code == 200


def test_deactivation_closes_the_course_and_then_the_account(course):
    api = course
    api.client.patch(
        "/api/v1/courses/ds101/members/ben", json={"active": False}, headers=api.auth("teacher")
    ).raise_for_status()
    assert api.client.get("/api/v1/courses/ds101", headers=api.auth("ben")).status_code == 404
    assert api.client.patch("/api/v1/users/ben", json={"active": False}, headers=api.auth("teacher")).status_code == 403
    api.client.patch("/api/v1/users/ben", json={"active": False}, headers=api.auth("admin")).raise_for_status()
    refused = api.client.get("/api/v1/problems", headers=api.auth("ben"))
    assert refused.status_code == 401  # a deactivated account's tokens are gone


def test_an_assignment_with_faults_is_refused_with_all_of_them(course):
    api = course
    body = assignment("bad", release=5, due=1, problems=(("nope", 10), ("add-canary", 5), ("add-canary", 5)))
    refused = put(api, body)
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert "must come after release_at" in detail and "no problem named 'nope'" in detail and "twice" in detail
    assert put(api, assignment("week-1", release=-1, due=1), who="tia").status_code == 403
    mismatched = api.client.put(
        "/api/v1/courses/ds101/assignments/week-1",
        headers=api.auth("teacher"),
        json={**assignment("week-1", release=-1, due=1), "slug": "other"},
    )
    assert mismatched.status_code == 422 and "is not the path's" in mismatched.json()["detail"]


def test_every_course_endpoint_is_documented_with_an_example(api):
    spec = api.client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for path, methods in spec["paths"].items():
        if not path.startswith("/api/v1/courses") and not path.startswith("/api/v1/users/"):
            continue
        for method, operation in methods.items():
            assert operation.get("summary") and operation.get("description"), (method, path)
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                schema = media.get("schema", {})
                target = schemas[schema["$ref"].split("/")[-1]] if "$ref" in schema else schema
                assert "example" in media or "example" in str(target), (method, path)
