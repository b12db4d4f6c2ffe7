"""Hiring in Chromium: a recruiter invites a candidate from the invites page, the candidate opens the link,
presses its one button and lands on that assessment alone; the spent link says so. axe on each page."""

from __future__ import annotations

import re

import pytest

from tests.ui.conftest import COURSE

# serial: a browser and its stack load both CPUs (see test_staff.py).
pytestmark = [pytest.mark.sandbox, pytest.mark.service, pytest.mark.browser, pytest.mark.serial]


def test_a_recruiter_invites_and_the_candidate_opens_the_link_once(pages, stack):
    page = pages.page
    pages.sign_in("teacher")
    page.goto(f"/courses/{COURSE}/roster")
    page.get_by_role("link", name="Invites to Week 1 & ranking").click()
    page.wait_for_url(re.compile(r"/assignments/week-1/invites$"))
    assert page.get_by_text("No one is invited yet").is_visible()
    pages.check_accessible("invites")
    page.get_by_label("CSV whose first line is", exact=False).fill(
        "name,email\nAda <b>Lovelace</b>,ada@example.com\nGrace Hopper,grace@example.com\n"
    )
    page.get_by_role("button", name="Invite them").click()
    links = page.locator("#links code")
    assert links.count() == 2
    assert "Ada <b>Lovelace</b>" in page.locator("#links").inner_text()  # a name with markup, shown as text
    assert "JUDGE_SMTP_HOST" in page.locator("#links").inner_text()  # no mail server here: it says so
    pages.shot("invites-sent")
    pages.check_accessible("invites-sent")
    path = "/invite/" + links.first.inner_text().rsplit("/invite/", 1)[1]

    page.context.clear_cookies()
    page.goto(path)
    assert page.get_by_role("heading", name="Week 1 & ranking").is_visible()
    assert "Ada <b>Lovelace</b>" in page.locator("main").inner_text()
    pages.shot("invite-welcome")
    pages.check_accessible("invite-welcome")
    page.get_by_role("button", name="Open the assessment").click()
    page.wait_for_url(re.compile(r"/$"))
    main = page.locator("main").inner_text()
    assert "Week 1 & ranking" in main and "ndcg-at-k" in main
    assert page.get_by_role("link", name="Gradebook").count() == 0
    pages.check_accessible("candidate-home")

    page.context.clear_cookies()
    page.goto(path)
    assert "used already" in page.locator("main").inner_text()
    pages.shot("invite-used")
    pages.check_accessible("invite-used")
