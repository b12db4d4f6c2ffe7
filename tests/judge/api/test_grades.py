"""Grades staff can correct, and timed windows that cannot be bypassed, through the API in-process (issue 20).

The gradebook is computed afresh at every read: an extension, a waiver, an override or a rejudge changes it at
once, and an edit of an assignment drops no grade. Results are stored directly, as a worker would.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from judge.service import judging
from judge.verdicts import Verdict
from tests.judge.api.conftest import public_result
from tests.judge.courses.test_spreadsheet_readback import read_back
from tests.judge.api.test_courses import assignment, at, put, submit

C = "/api/v1/courses/ds101"


def book(api, who: str = "teacher") -> dict:
    response = api.client.get(f"{C}/gradebook", headers=api.auth(who))
    assert response.status_code == 200, response.text
    return {row["student"]: row for row in response.json()}


def problem_row(api, student: str, assignment_slug: str = "week-1", problem: int = 0) -> dict:
    row = book(api)[student]
    graded = next(a for a in row["assignments"] if a["slug"] == assignment_slug)
    return graded["problems"][problem]


def late_week(api) -> str:
    """week-1, due 25 hours ago at 10% a day: a submission now is two days late, 20% off. ann submits once."""
    put(api, assignment("week-1", -48, -25, {"kind": "per_day", "percent": 10})).raise_for_status()
    made = submit(api, "ann", assignment="ds101/week-1").json()
    assert made["penalty_percent"] == 20.0
    judging.store_result(api.services, made["id"], public_result(verdict=Verdict.ACCEPTED))
    return made["id"]


def test_a_retroactive_extension_takes_the_late_penalty_away_at_once(course):
    api = course
    late_week(api)
    before = problem_row(api, "ann")
    assert (before["penalty_percent"], before["earned"]) == (20.0, before["grade"] * 10 / 100)
    api.client.put(
        f"{C}/assignments/week-1/extensions/ann", json={"due_at": at(1)}, headers=api.auth("teacher")
    ).raise_for_status()
    after = problem_row(api, "ann")
    assert after["penalty_percent"] == 0.0 and after["grade"] == before["grade"] / 0.8


def test_a_waiver_and_an_override_change_the_gradebook_with_their_reasons(course):
    api = course
    late_week(api)
    penalised = problem_row(api, "ann")
    waived = api.client.put(
        f"{C}/assignments/week-1/waivers/ann", json={"reason": "a medical note"}, headers=api.auth("teacher")
    )
    assert waived.status_code == 204, waived.text
    row = problem_row(api, "ann")
    assert row["waived"] is True and row["penalty_percent"] == 0.0 and row["grade"] == penalised["grade"] / 0.8
    overridden = api.client.put(
        f"{C}/assignments/week-1/overrides/ben/add-canary",
        json={"grade": 90, "reason": "regraded by hand"},
        headers=api.auth("teacher"),
    )
    assert overridden.status_code == 204, overridden.text
    ben = problem_row(api, "ben")
    assert (ben["grade"], ben["earned"], ben["override"]) == (90.0, 9.0, "regraded by hand")
    text = api.client.get(f"{C}/gradebook.csv", headers=api.auth("teacher")).text
    assert "ben,,9,9,9" in text.replace("\r", "")
    # Undone: the computed grades count again; every step is in the audit log.
    api.client.delete(f"{C}/assignments/week-1/waivers/ann", headers=api.auth("teacher")).raise_for_status()
    api.client.delete(
        f"{C}/assignments/week-1/overrides/ben/add-canary", headers=api.auth("teacher")
    ).raise_for_status()
    assert problem_row(api, "ann")["penalty_percent"] == 20.0 and problem_row(api, "ben")["grade"] == 0.0
    actions = [e["action"] for e in api.client.get("/api/v1/audit", headers=api.auth("admin")).json()]
    for action in ("waiver.set", "override.set", "waiver.clear", "override.clear"):
        assert f"course.grade.{action}" in actions
    # Only students of the course have grades; a reason is required.
    assert (
        api.client.put(
            f"{C}/assignments/week-1/overrides/tia/add-canary",
            json={"grade": 1, "reason": "x"},
            headers=api.auth("teacher"),
        ).status_code
        == 422
    )
    assert (
        api.client.put(
            f"{C}/assignments/week-1/waivers/ann", json={"reason": ""}, headers=api.auth("teacher")
        ).status_code
        == 422
    )


def test_a_rejudge_changes_the_gradebook_at_once(course):
    api = course
    submission_id = late_week(api)
    assert problem_row(api, "ann")["grade"] > 0
    judging.replace_result(api.services, submission_id, public_result(verdict=Verdict.WRONG_ANSWER))
    assert problem_row(api, "ann")["grade"] == public_result(verdict=Verdict.WRONG_ANSWER).score * 0.8


def test_editing_an_assignment_drops_no_grade(course):
    api = course
    put(api, assignment("week-1", -48, 24, problems=(("add-canary", 10), ("count-stream", 30)))).raise_for_status()
    made = submit(api, "ann", assignment="ds101/week-1").json()
    judging.store_result(api.services, made["id"], public_result(verdict=Verdict.ACCEPTED))
    earned = problem_row(api, "ann")["earned"]
    # Its points change, a problem nobody submitted to goes: the grade stays.
    put(api, assignment("week-1", -48, 48, problems=(("add-canary", 10),))).raise_for_status()
    assert problem_row(api, "ann")["earned"] == earned
    # Taking out the problem ann submitted to is refused, naming it, and nothing changes.
    refused = put(api, assignment("week-1", -48, 48, problems=(("hostile-sum", 10),)))
    assert refused.status_code == 409 and "add-canary already has submissions" in refused.json()["detail"]
    assert problem_row(api, "ann")["earned"] == earned


def test_a_withdrawn_assignment_is_hidden_and_out_of_the_gradebook_and_comes_back_whole(course):
    api = course
    late_week(api)
    grade = problem_row(api, "ann")["grade"]
    withdrawn = api.client.post(f"{C}/assignments/week-1/withdraw", headers=api.auth("teacher"))
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"]
    assert book(api)["ann"]["assignments"] == []
    assert api.client.get(f"{C}/assignments", headers=api.auth("ann")).json() == []
    assert api.client.get(f"{C}/assignments/week-1", headers=api.auth("ann")).status_code == 404
    assert submit(api, "ann", assignment="ds101/week-1").status_code == 404
    assert api.client.get(f"{C}/assignments/week-1", headers=api.auth("teacher")).status_code == 200  # kept
    api.client.post(f"{C}/assignments/week-1/restore", headers=api.auth("teacher")).raise_for_status()
    assert problem_row(api, "ann")["grade"] == grade


def test_students_read_their_own_grades_with_the_penalty(course):
    api = course
    late_week(api)
    mine = api.client.get(f"{C}/grades/me", headers=api.auth("ann"))
    assert mine.status_code == 200
    body = mine.json()
    assert body["student"] == "ann" and body["assignments"][0]["problems"][0]["penalty_percent"] == 20.0
    assert body["total"] == book(api)["ann"]["total"]
    assert "ben" not in mine.text
    assert api.client.get(f"{C}/grades/me", headers=api.auth("tia")).status_code == 403
    assert api.client.get(f"{C}/gradebook", headers=api.auth("ann")).status_code == 403


def test_extensions_are_listed_for_staff(course):
    api = course
    put(api, assignment("week-1", -48, 24)).raise_for_status()
    api.client.put(
        f"{C}/assignments/week-1/extensions/ben", json={"due_at": at(30)}, headers=api.auth("teacher")
    ).raise_for_status()
    listed = api.client.get(f"{C}/assignments/week-1/extensions", headers=api.auth("tia")).json()
    assert [e["student"] for e in listed] == ["ben"]
    assert dt.datetime.fromisoformat(listed[0]["due_at"]) > dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=29)


# --- timed windows --------------------------------------------------------------------------------------------


def windows(api) -> dict:
    listed = api.client.get(f"{C}/assignments/quiz/windows", headers=api.auth("teacher"))
    assert listed.status_code == 200, listed.text
    return {w["student"]: w for w in listed.json()}


def test_reading_a_timed_assignments_problem_starts_the_window_and_staff_see_it(course):
    api = course
    put(api, assignment("quiz", release=-1, due=24, window=30)).raise_for_status()
    assert windows(api)["ann"]["started_at"] is None
    # ann never opens the assignment: she reads its problem's statement directly.
    assert api.client.get("/api/v1/problems/add-canary", headers=api.auth("ann")).status_code == 200
    started = windows(api)["ann"]
    assert started["started_at"] is not None and started["window_minutes"] == 30
    assert 0 <= started["minutes_used"] < 5
    ends = dt.datetime.fromisoformat(started["ends_at"]) - dt.datetime.fromisoformat(started["started_at"])
    assert ends == dt.timedelta(minutes=30)
    # ben's first submission starts his.
    assert windows(api)["ben"]["started_at"] is None
    assert submit(api, "ben", assignment="ds101/quiz").status_code == 201
    assert windows(api)["ben"]["started_at"] is not None


def test_a_timed_problems_statement_is_not_given_once_the_window_ended(course):
    api = course
    put(api, assignment("quiz", release=-1, due=24, window=30)).raise_for_status()
    assert api.client.get("/api/v1/problems/add-canary", headers=api.auth("ann")).status_code == 200
    with api.services.sessions() as session:
        from sqlalchemy import update

        from judge.db.models import AssignmentStart

        session.execute(
            update(AssignmentStart).values(started_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1))
        )
        session.commit()
    ended = api.client.get("/api/v1/problems/add-canary", headers=api.auth("ann"))
    assert ended.status_code == 403 and "your time for this problem ended" in ended.json()["detail"]
    assert submit(api, "ann", assignment="ds101/quiz").status_code == 403
    # The timed assignment's problem is not in the open bank meanwhile: carl cannot read it either.
    assert api.client.get("/api/v1/problems/add-canary", headers=api.auth("carl")).status_code == 404


def test_extra_time_lengthens_a_students_window(course):
    api = course
    put(api, assignment("quiz", release=-1, due=24, window=60)).raise_for_status()
    given = api.client.put(
        f"{C}/members/ann/accommodation", json={"extra_minutes": 10, "extra_percent": 50}, headers=api.auth("teacher")
    )
    assert given.status_code == 200 and (given.json()["extra_minutes"], given.json()["extra_percent"]) == (10, 50.0)
    opened = api.client.get(f"{C}/assignments/quiz", headers=api.auth("ann")).json()
    window = windows(api)["ann"]
    assert window["window_minutes"] == 100.0  # 60 + 50% + 10
    ends = dt.datetime.fromisoformat(opened["your_deadline"]) - dt.datetime.fromisoformat(window["started_at"])
    assert ends == dt.timedelta(minutes=100)
    assert windows(api)["ben"]["window_minutes"] == 60.0


# --- the visibility rule -------------------------------------------------------------------------------------


def test_a_problem_in_an_ordinary_assignment_stays_in_the_open_bank_and_a_private_ones_does_not(course):
    api = course
    put(api, assignment("week-2", release=24, due=48, problems=(("plays-per-user", 5),))).raise_for_status()
    listed = {p["slug"] for p in api.client.get("/api/v1/problems", headers=api.auth("carl")).json()}
    assert "plays-per-user" in listed  # another course's unreleased assignment hides it from nobody
    assert api.client.get("/api/v1/problems/plays-per-user", headers=api.auth("carl")).status_code == 200
    private = {**assignment("week-2", release=24, due=48, problems=(("plays-per-user", 5),)), "private": True}
    put(api, private).raise_for_status()
    listed = {p["slug"] for p in api.client.get("/api/v1/problems", headers=api.auth("carl")).json()}
    assert "plays-per-user" not in listed
    assert api.client.get("/api/v1/problems/plays-per-user", headers=api.auth("carl")).status_code == 404
    assert api.client.get("/api/v1/problems/plays-per-user", headers=api.auth("ann")).status_code == 404  # unreleased
    assert api.client.get("/api/v1/problems/plays-per-user", headers=api.auth("tia")).status_code == 200  # staff
    # Withdrawn, a private assignment keeps nothing private: the problem is the open bank's again.
    api.client.post(f"{C}/assignments/week-2/withdraw", headers=api.auth("teacher")).raise_for_status()
    assert api.client.get("/api/v1/problems/plays-per-user", headers=api.auth("carl")).status_code == 200


# --- the export, read back by a spreadsheet ------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["=1+1", '=HYPERLINK("http://x","y")'])
def test_the_export_of_the_api_is_read_back_without_a_formula(typed, tmp_path, api_factory):
    api = api_factory()
    api.client.post(
        "/api/v1/courses", json={"slug": "ds101", "title": "DS"}, headers=api.auth("teacher")
    ).raise_for_status()
    roster = io.StringIO()
    csv.writer(roster).writerows([["name", "email", "role"], ["eve", "eve@example.com", "student"]])
    api.client.post(
        "/api/v1/courses/ds101/roster",
        content=roster.getvalue(),
        headers={**api.auth("teacher"), "Content-Type": "text/csv"},
    ).raise_for_status()
    with api.services.sessions() as session:  # a display text the owner typed, as a formula
        from sqlalchemy import update

        from judge.db.models import User

        session.execute(update(User).where(User.name == "eve").values(email=typed))
        session.commit()
    put(api, assignment("week-1", -1, 24)).raise_for_status()
    exported = tmp_path / "export.csv"
    exported.write_bytes(api.client.get("/api/v1/courses/ds101/gradebook.csv", headers=api.auth("teacher")).content)
    cells = read_back(exported, tmp_path)
    assert [(text, formula) for text, formula in cells if formula] == []
    assert any(typed in text for text, _ in cells)
