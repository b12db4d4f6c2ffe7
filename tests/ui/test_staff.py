"""Staff in Chromium: the gradebook and its CSV, a student's source, a rejudge with its diff, the roster,
the assignment editor and an extension, statistics and a problem's versions."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest

from tests.ui.conftest import COURSE, DISPLAY_NAMES
from tests.ui.test_student import WRONG, open_problem, submit_and_follow, type_in_editor

# serial: a browser, a worker and their stack load both CPUs, which would stretch the CPU time other tests
# measure; they run alone, before the parallel tests.
pytestmark = [pytest.mark.sandbox, pytest.mark.service, pytest.mark.browser, pytest.mark.serial]


def test_staff_read_the_gradebook_download_it_open_a_source_and_rejudge_it(pages, stack):
    page = pages.page
    pages.sign_in("bob")
    open_problem(pages)
    type_in_editor(page, WRONG)
    submission_id, _ = submit_and_follow(pages)
    page.context.clear_cookies()

    pages.sign_in("teacher")
    page.get_by_role("link", name="Gradebook").first.click()
    page.wait_for_url(re.compile(f"/courses/{COURSE}/gradebook"))
    grid = page.locator("table.gradebook")
    assert "bob" in grid.inner_text() and "ndcg-at-k" in grid.inner_text()
    pages.shot("gradebook")
    pages.check_accessible("gradebook")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the CSV").click()
    csv_text = open(download.value.path(), encoding="utf-8").read()
    assert csv_text.startswith("student,") and "\nbob," in csv_text.replace("\r\n", "\n")

    page.goto("/submissions?user=bob")
    page.locator("tbody tr a").first.click()
    page.wait_for_url(re.compile(f"/submissions/{submission_id}"))
    assert "return 0.5" in page.locator("pre.source").inner_text()
    assert page.get_by_text("Results it has had").is_visible()
    pages.check_accessible("staff-submission")
    page.get_by_role("button", name="Rejudge this submission").click()
    page.wait_for_url(re.compile(r"/rejudges/"))
    for _ in range(60):  # bounded: a rejudge of one submission takes seconds
        if page.locator("#rejudge-changes").count():
            break
        time.sleep(1)
        page.reload()
    assert page.locator("#rejudge-progress").inner_text() == "1 of 1"
    assert "No verdict or score changed" in page.locator("main").inner_text()
    pages.shot("rejudge")
    pages.check_accessible("rejudge")
    page.get_by_role("button", name="Apply").click()
    assert page.locator("#rejudge-state").inner_text() == "applied"


def test_the_roster_statistics_and_versions_show_names_as_text(pages, stack):
    page = pages.page
    pages.sign_in("teacher")
    page.goto(f"/courses/{COURSE}/roster")
    text = page.locator("main").inner_text()
    for name in DISPLAY_NAMES.values():
        assert name in text  # shown as written: "<script>" is text, not a script
    assert page.locator("main script").count() == 0
    pages.shot("roster")
    pages.check_accessible("roster")
    page.get_by_role("button", name="Reset the password of mallory").click()
    assert page.get_by_text("New password for").is_visible()
    pages.check_accessible("roster-secret")
    page.goto(f"/courses/{COURSE}/stats")
    assert page.locator("svg.bars").count() >= 1 or "No assignment" in page.locator("main").inner_text()
    pages.shot("stats")
    pages.check_accessible("stats")
    page.goto("/problems/ndcg-at-k/versions")
    assert page.locator("tbody tr").count() >= 1
    pages.check_accessible("versions")


NEW_ASSIGNMENT = """slug: week-9
title: Week 9 <later>
release_at: 2030-06-01T09:00:00Z
due_at: 2030-07-01T09:00:00Z
late_policy: {kind: none}
problems:
  - {problem: third-unique-song, points: 10}
"""


@pytest.mark.parametrize("pages", ["Asia/Kolkata"], indirect=True)
def test_an_instructor_adds_an_assignment_and_gives_an_extension_in_their_own_zone(pages, stack):
    page = pages.page
    pages.sign_in("teacher")
    page.goto(f"/courses/{COURSE}/roster")
    page.get_by_role("link", name="New assignment").click()
    area = page.get_by_label("The assignment, as in course.yaml", exact=False)
    area.fill(NEW_ASSIGNMENT.replace("points: 10", "points: -1").replace("third-unique-song", "no-such"))
    page.get_by_role("button", name="Save the assignment").click()
    faults = page.locator("#assignment-faults li")
    assert faults.count() >= 2  # every fault at once: the points and the unknown problem
    assert "no problem named 'no-such'" in page.locator("#assignment-faults").inner_text()
    pages.shot("assignment-faults")
    pages.check_accessible("assignment-editor")
    page.get_by_label("The assignment, as in course.yaml", exact=False).fill(NEW_ASSIGNMENT)
    page.get_by_role("button", name="Save the assignment").click()
    page.wait_for_url(re.compile(f"/courses/{COURSE}/roster$"))
    assert page.get_by_role("link", name="Edit Week 9 <later>").is_visible()

    form = page.locator("form[data-extension-form]")
    form.get_by_label("Assignment").select_option(label="Week 9 <later>")
    form.get_by_label("Student").select_option("alice")
    form.get_by_label("Their deadline", exact=False).fill("2031-03-01T10:00")  # 10:00 in Kolkata, UTC+5:30
    pages.shot("extension")
    form.get_by_role("button", name="Give the extension").click()
    page.wait_for_url(re.compile(f"/courses/{COURSE}/roster$"))
    extensions = stack.api("teacher").get(f"/api/v1/courses/{COURSE}/assignments/week-9/extensions").json()
    assert [(e["student"], dt.datetime.fromisoformat(e["due_at"])) for e in extensions] == [
        ("alice", dt.datetime(2031, 3, 1, 4, 30, tzinfo=dt.timezone.utc))
    ]
