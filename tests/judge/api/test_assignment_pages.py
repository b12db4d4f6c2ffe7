"""The instructor's forms on the roster page, in-process: the assignment editor (YAML as in course.yaml), one
student's extension and a student's extra time. Each calls the service the API's PUT calls, so each is checked
against what the API then reports, and against the API's own refusals for a TA and a student.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from tests.judge.api.test_courses import assignment, at, put
from tests.judge.api.test_pages import csrf_of, set_password, sign_in

GOOD = "def solve(a, b):\n    return a + b\n"


@pytest.fixture
def staffed(course):
    for name in ("teacher", "tia", "ann", "ben"):
        set_password(course, name)
    return course


def editor(api, who: str = "teacher", path: str = "/courses/ds101/assignments/new"):
    client, _ = sign_in(api, who)
    return client, client.get(path)


def save(client, page, text: str, existing: str | None = None):
    data = {"csrftoken": csrf_of(page.text), "spec_yaml": text}
    if existing:
        data["existing"] = existing
    return client.post("/courses/ds101/assignments", data=data)


def spec(slug: str = "week-1", **overrides) -> str:
    body = assignment(slug, release=-1, due=24)
    body.update(overrides)
    return yaml.safe_dump(body, sort_keys=False)


def test_a_new_assignment_typed_as_yaml_is_saved_as_the_api_would_save_it(staffed):
    client, page = editor(staffed)
    assert page.status_code == 200 and "late_policy" in page.text  # a starting point, not an empty box
    response = save(client, page, spec(title="Week <one>"))
    assert response.status_code == 303 and response.headers["location"] == "/courses/ds101/roster"
    saved = staffed.client.get("/api/v1/courses/ds101/assignments/week-1", headers=staffed.auth("ann")).json()
    assert saved["title"] == "Week <one>" and saved["problems"] == [{"problem": "add-canary", "points": 10}]
    roster = client.get("/courses/ds101/roster").text
    assert "Week &lt;one&gt;" in roster and "<one>" not in roster
    assert 'href="/courses/ds101/assignments/week-1/edit"' in roster


def test_editing_shows_the_saved_assignment_and_keeps_its_slug(staffed):
    put(staffed, assignment("week-1", release=-1, due=24)).raise_for_status()
    client, page = editor(staffed, path="/courses/ds101/assignments/week-1/edit")
    assert page.status_code == 200 and "slug: week-1" in page.text and 'name="existing" value="week-1"' in page.text
    text = spec(due_at=at(48), title="Moved")
    assert save(client, page, text, existing="week-1").status_code == 303
    saved = staffed.client.get("/api/v1/courses/ds101/assignments/week-1", headers=staffed.auth("teacher")).json()
    assert saved["title"] == "Moved"
    renamed = save(client, page, spec("week-2"), existing="week-1")
    assert renamed.status_code == 422 and "this page edits" in renamed.text
    assert client.get("/courses/ds101/assignments/no-such/edit").status_code == 404


def test_every_fault_of_an_assignment_is_listed_at_once_beside_what_was_typed(staffed):
    client, page = editor(staffed)
    body = assignment("week-1", release=-1, due=24, problems=(("no-such-problem", 10),))
    body["late_policy"] = {"kind": "per_day", "percent": 400}
    del body["title"]
    response = save(client, page, yaml.safe_dump(body))
    assert response.status_code == 422
    faults = response.text.split('id="assignment-faults"')[1].split("</div>")[0]
    assert "<li>title:" in faults and "<li>late_policy.per_day.percent:" in faults
    assert "no problem named &#39;no-such-problem&#39;" in faults
    assert "percent: 400" in response.text  # what was typed stays in the box
    unknown = save(client, page, spec(problems=[{"problem": "no-such-problem", "points": 10}]))
    assert unknown.status_code == 422 and "no-such-problem" in unknown.text and "not saved" in unknown.text
    assert staffed.client.get("/api/v1/courses/ds101/assignments", headers=staffed.auth("teacher")).json() == []


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\nb: [*x, *x]\n",  # an alias: work that grows with each copy
        "slug: [unclosed\n",
        "- just\n- a list\n",
        "!!python/object/apply:os.system ['true']\n",
    ],
)
def test_yaml_that_is_not_an_assignment_is_refused_with_a_reason(staffed, text):
    client, page = editor(staffed)
    response = save(client, page, text)
    assert response.status_code == 422 and "not saved" in response.text and "Traceback" not in response.text


def test_a_ta_and_a_student_get_the_apis_refusals(staffed):
    put(staffed, assignment("week-1", release=-1, due=24)).raise_for_status()
    for who, codes in (("tia", {403}), ("ann", {403, 404})):
        client, _ = sign_in(staffed, who)
        token = client.cookies.get("judge_csrf")
        assert client.get("/courses/ds101/assignments/new").status_code in codes
        assert client.get("/courses/ds101/assignments/week-1/edit").status_code in codes
        posted = client.post("/courses/ds101/assignments", data={"csrftoken": token, "spec_yaml": spec(title="x")})
        assert posted.status_code in codes
        extension = client.post(
            "/courses/ds101/extension",
            data={"csrftoken": token, "assignment": "week-1", "student": "ann", "due_at": "2030-01-01T09:00"},
        )
        assert extension.status_code in codes
        extra = client.post("/courses/ds101/roster/ann/extra-time", data={"csrftoken": token, "extra_minutes": "30"})
        assert extra.status_code in codes
    saved = staffed.client.get("/api/v1/courses/ds101/assignments/week-1", headers=staffed.auth("teacher")).json()
    assert saved["title"] == "Week-1"


def test_an_extension_from_the_roster_moves_that_students_deadline_in_the_browsers_zone(staffed):
    put(staffed, assignment("hard", release=-48, due=-1)).raise_for_status()
    client, _ = sign_in(staffed, "teacher")
    roster = client.get("/courses/ds101/roster").text
    assert 'action="/courses/ds101/extension"' in roster and '<option value="hard">' in roster
    later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)).astimezone(dt.timezone(dt.timedelta(hours=5)))
    response = client.post(
        "/courses/ds101/extension",
        data={
            "csrftoken": csrf_of(roster),
            "assignment": "hard",
            "student": "ann",
            "due_at": later.strftime("%Y-%m-%dT%H:%M"),  # as a datetime-local field sends it: no zone
            "utc_offset_minutes": "300",  # what app.js adds: UTC+5
        },
    )
    assert response.status_code == 303
    mine = staffed.client.get("/api/v1/courses/ds101/assignments/hard", headers=staffed.auth("ann")).json()
    deadline = dt.datetime.fromisoformat(mine["your_deadline"])
    assert abs(deadline - later.replace(second=0, microsecond=0)) < dt.timedelta(seconds=1)
    for who, code in (("ann", 201), ("ben", 403)):
        posted = staffed.client.post(
            "/api/v1/submissions",
            json={"problem": "add-canary", "source": GOOD, "assignment": "ds101/hard"},
            headers=staffed.auth(who),
        )
        assert posted.status_code == code, (who, posted.text)


def test_an_extension_for_someone_not_in_the_course_is_a_page_with_the_reason(staffed):
    put(staffed, assignment("hard", release=-48, due=-1)).raise_for_status()
    client, _ = sign_in(staffed, "teacher")
    token = csrf_of(client.get("/courses/ds101/roster").text)
    for data, code in (
        ({"assignment": "hard", "student": "carl", "due_at": "2030-01-01T09:00"}, 404),
        ({"assignment": "nope", "student": "ann", "due_at": "2030-01-01T09:00"}, 404),
        ({"assignment": "hard", "student": "ann", "due_at": "next tuesday"}, 422),
        ({"assignment": "hard", "student": "ann", "due_at": "2030-01-01T09:00", "utc_offset_minutes": "9999"}, 422),
    ):
        response = client.post("/courses/ds101/extension", data={"csrftoken": token, **data})
        assert response.status_code == code, (data, response.status_code)
        assert "text/html" in response.headers["content-type"] and "Traceback" not in response.text


def test_extra_time_is_set_cleared_and_bounded_as_the_api_bounds_it(staffed):
    client, _ = sign_in(staffed, "teacher")
    roster = client.get("/courses/ds101/roster").text
    assert 'action="/courses/ds101/roster/ann/extra-time"' in roster
    assert 'action="/courses/ds101/roster/tia/extra-time"' not in roster  # extra time is a student's
    token = csrf_of(roster)

    def members() -> dict:
        listed = staffed.client.get("/api/v1/courses/ds101/members", headers=staffed.auth("teacher")).json()
        return {m["name"]: m for m in listed}

    set_ = client.post("/courses/ds101/roster/ann/extra-time", data={"csrftoken": token, "extra_minutes": "30"})
    assert set_.status_code == 303 and members()["ann"]["extra_minutes"] == 30
    assert "30 min" in client.get("/courses/ds101/roster").text
    for bad in ({"extra_minutes": "-5"}, {"extra_minutes": "lots"}, {"extra_percent": "1e9"}):
        refused = client.post("/courses/ds101/roster/ann/extra-time", data={"csrftoken": token, **bad})
        assert refused.status_code == 422 and "extra time" in refused.text, bad
    assert members()["ann"]["extra_minutes"] == 30
    cleared = client.post(
        "/courses/ds101/roster/ann/extra-time", data={"csrftoken": token, "extra_minutes": "", "extra_percent": ""}
    )
    assert cleared.status_code == 303 and members()["ann"]["extra_minutes"] is None


def test_the_statistics_page_charts_the_hidden_groups_failed_most_and_ignores_runs(staffed):
    from judge.service import judging
    from tests.judge.api.conftest import public_result

    put(staffed, assignment("week-1", release=-1, due=24)).raise_for_status()
    graded = staffed.submit("ann", assignment="ds101/week-1")
    run = staffed.submit("ben", assignment="ds101/week-1", examples_only=True)
    judging.store_result(staffed.services, graded["id"], public_result())  # a wrong answer on the hidden group
    judging.store_result(staffed.services, run["id"], public_result())  # a run: not an attempt
    client, _ = sign_in(staffed, "tia")
    page = client.get("/courses/ds101/stats").text
    assert "Hidden groups failed most" in page
    groups = page.split("Hidden groups failed most")[1].split("</svg>")[0]
    assert ">hidden</text>" in groups and ">1</text>" in groups
    assert "1 attempts by 1 students" in page
