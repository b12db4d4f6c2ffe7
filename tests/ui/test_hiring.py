"""Hiring in Chromium: a recruiter invites a candidate from the invites page, the candidate opens the link,
presses its one button and lands on that assessment alone; the spent link says so. axe on each page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import BANK
from tests.ui.conftest import COURSE, Pages
from tests.ui.test_student import type_in_editor

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
    assert page.locator("#links").inner_text().count("sent") == 2  # mailed through the local SMTP server
    assert len(stack.mailbox.to("ada@example.com")) == 1
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


SCREEN_YAML = """slug: screen
title: Data screen
release_at: 2026-01-01T00:00:00Z
due_at: 2030-01-01T00:00:00Z
window_minutes: 90
problems:
  - {problem: third-unique-song, points: 30}
  - {problem: ndcg-at-k, points: 30}
  - {problem: imbalanced-skip-classifier, points: 40}
assessment:
  practice: lm-cross-entropy
  blind: true
  rubric:
    - {key: product-sense, question: "How would you tell a skip from a finished song?"}
"""
CANDIDATES = "name,email\nAda Lovelace,ada@example.com\nGrace Hopper,grace@example.com\nAlan Turing,alan@example.com\n"


def reference(slug: str) -> str:
    suffix = "sql" if slug == "third-unique-song" else "py"
    return (BANK / slug / "solutions" / f"reference.{suffix}").read_text(encoding="utf-8")


def link_in_mail(stack, address: str) -> str:
    mail = stack.mailbox.to(address)[-1]  # the newest: the other test invites ada too
    found = re.search(r"(http://\S+/invite/\S+)", mail.get_content())
    assert found, mail.get_content()
    return found.group(1).replace(stack.url, "")


def solve(pages, title: str, slug: str, source: str) -> None:
    page = pages.page
    page.get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(f"/problems/{slug}"))
    type_in_editor(page, source)
    expect(page.locator("#draft-status")).to_contain_text("saved to the judge", timeout=15_000)
    page.get_by_role("button", name="Submit", exact=True).click()
    page.wait_for_url(re.compile(r"/submissions/[0-9a-f]+$"))
    page.wait_for_selector("#result[data-status=finished]", timeout=180_000)


def test_a_screen_from_invites_to_a_blind_scorecard_and_the_csv(browser, pages, stack):
    """A recruiter makes an assessment of three problems and invites three candidates from a CSV (the links
    arrive by mail); each opens the link, tries the practice problem, starts and solves; one lets the clock
    run out with a draft, which the sweeper submits; a reviewer compares them, scores one blind and downloads
    the CSV."""
    page = pages.page
    pages.sign_in("teacher")
    page.goto(f"/courses/{COURSE}/assignments/new")
    page.get_by_label("The assignment, as in").fill(SCREEN_YAML)
    page.get_by_role("button", name="Save the assignment").click()
    page.wait_for_url(re.compile(r"/roster$"))
    page.get_by_role("link", name="Invites to Data screen").click()
    page.get_by_label("CSV whose first line is", exact=False).fill(CANDIDATES)
    page.get_by_role("button", name="Invite them").click()
    assert page.locator("#links code").count() == 3
    links = {who: link_in_mail(stack, f"{who}@example.com") for who in ("ada", "grace", "alan")}

    candidates = {}
    for who in links:
        taker = Pages(browser, stack, f"{pages.test_name}-{who}")
        candidates[who] = taker
        tab = taker.page
        tab.goto(links[who])
        tab.get_by_role("button", name="Open the assessment").click()
        tab.wait_for_url(re.compile(r"/assessments/ui-course/screen$"))
        assert "90 minutes" in tab.locator("main").inner_text()
        if who == "ada":
            taker.shot("assessment-rules")
            taker.check_accessible("assessment-rules")
        tab.get_by_role("link", name="Open the practice problem").click()
        tab.wait_for_url(re.compile(r"/problems/lm-cross-entropy"))
        type_in_editor(tab, reference("lm-cross-entropy"))
        tab.get_by_role("button", name="Run on the examples", exact=True).click()
        tab.wait_for_selector("#result[data-status=finished]", timeout=180_000)
        tab.goto("/assessments/ui-course/screen")
        tab.get_by_role("button", name=re.compile("^Start")).click()
        tab.wait_for_url(re.compile(r"/assessments/ui-course/screen$"))
        expect(tab.locator(".countdown")).to_contain_text("min left")
        if who == "ada":
            taker.shot("assessment-started")
            taker.check_accessible("assessment-started")

    # Ada solves all three; Grace one, and ends; Alan drafts one and lets the clock run out.
    ada = candidates["ada"]
    for title, slug in (
        ("Third Unique Song", "third-unique-song"),
        (None, "ndcg-at-k"),
        (None, "imbalanced-skip-classifier"),
    ):
        ada.page.goto("/assessments/ui-course/screen")
        link_title = title or ada.page.locator(f"a[href^='/problems/{slug}']").inner_text()
        solve(ada, link_title, slug, reference(slug))
    ada.page.goto("/assessments/ui-course/screen")
    ada.page.get_by_role("link", name="Finish the assessment").click()
    ada.shot("assessment-confirm")
    ada.check_accessible("assessment-confirm")
    ada.page.get_by_role("button", name="Yes, finish").click()
    expect(ada.page.locator("main")).to_contain_text("You have finished")

    grace = candidates["grace"]
    grace.page.goto("/assessments/ui-course/screen")
    solve(grace, "Third Unique Song", "third-unique-song", reference("third-unique-song"))
    grace.page.goto("/assessments/ui-course/screen/finish")
    grace.page.get_by_role("button", name="Yes, finish").click()
    expect(grace.page.locator("main")).to_contain_text("You have finished")

    alan = candidates["alan"]
    alan.page.goto("/assessments/ui-course/screen")
    alan.page.locator("a[href^='/problems/ndcg-at-k']").click()
    type_in_editor(alan.page, reference("ndcg-at-k"))
    expect(alan.page.locator("#draft-status")).to_contain_text("saved to the judge", timeout=15_000)
    _run_out_the_clock(stack, "alan@example.com")
    alan.page.goto("/assessments/ui-course/screen")
    for _ in range(60):  # the sweeper runs every second
        if "You have finished" in alan.page.locator("main").inner_text():
            break
        alan.page.wait_for_timeout(1000)
        alan.page.reload()
    assert "Your time ended" in alan.page.locator("main").inner_text()
    alan.page.goto("/problems/ndcg-at-k?assignment=ui-course/screen")
    assert "no longer accepted" in alan.page.locator("main").inner_text() or "nothing more" in alan.page.content()

    # The reviewer: candidates side by side, once everything is judged.
    comparison = "/courses/ui-course/assignments/screen/comparison"
    for _ in range(120):
        page.goto(comparison)
        rows = page.locator("tbody tr")
        cells = [rows.nth(i).inner_text() for i in range(rows.count())]
        if len(cells) == 3 and all("pending" not in c for c in cells) and _judged(stack, 5):
            break
        page.wait_for_timeout(1000)
    page.goto(comparison)
    text = page.locator("main").inner_text()
    assert "Ada Lovelace" not in text  # blind until the scorecard is in
    first = page.locator("tbody tr").first.inner_text()
    assert "100" in first  # ada, every problem solved, comes first
    pages.shot("comparison")
    pages.check_accessible("comparison")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    table = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert table[0][4:7] == ["third-unique-song", "ndcg-at-k", "imbalanced-skip-classifier"]
    totals = sorted(float(row[-2]) for row in table[1:])
    assert totals == [30.0, 30.0, 100.0]  # grace's SQL, alan's draft submitted for him, ada's all
    page.get_by_role("link", name=re.compile("candidate-")).first.click()
    page.wait_for_url(re.compile(r"/report/candidate-"))
    assert "Ada Lovelace" not in page.locator("main").inner_text()
    pages.shot("report")
    pages.check_accessible("report")
    page.get_by_label("How would you tell a skip").select_option("strong_yes")
    page.get_by_label("Overall").select_option("strong_yes")
    page.get_by_label("Notes").fill("Clear SQL, careful with ties.")
    page.get_by_role("button", name="Submit the scorecard").click()
    expect(page.locator("h1")).to_have_text("Ada Lovelace")
    pages.shot("report-scored")
    for taker in candidates.values():
        taker.close()
        assert not taker.offsite and not taker.errors, (taker.offsite, taker.errors)
        assert not taker.violations, taker.violations


def _run_out_the_clock(stack, email: str) -> None:
    """The candidate's Start moved two hours back: their 90 minutes are over, as if they had walked away."""
    from sqlalchemy import select, update

    from judge.db.models import AssignmentStart, User
    from judge.db.session import make_engine, make_sessionmaker

    engine = make_engine(stack.database_url)
    with make_sessionmaker(engine)() as session:
        user_id = session.scalar(select(User.id).where(User.email == email))
        earlier = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)
        session.execute(update(AssignmentStart).where(AssignmentStart.user_id == user_id).values(started_at=earlier))
        session.commit()
    engine.dispose()


def _judged(stack, at_least: int) -> bool:
    from sqlalchemy import func, select

    from judge.db.models import Submission
    from judge.db.session import make_engine, make_sessionmaker
    from judge.verdicts import Status

    engine = make_engine(stack.database_url)
    with make_sessionmaker(engine)() as session:
        pending = session.scalar(select(func.count(Submission.id)).where(Submission.status != Status.FINISHED))
        graded = session.scalar(
            select(func.count(Submission.id)).where(
                Submission.assignment_id.is_not(None), Submission.examples_only.is_(False)
            )
        )
    engine.dispose()
    return pending == 0 and (graded or 0) >= at_least
