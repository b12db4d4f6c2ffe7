"""The similarity report in Chromium, over the real stack: the worker fingerprints each judged submission, the
course's instructor finds the report from the home page, opens the flagged pair side by side, and axe finds
nothing serious on either page."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from tests.judge.api.test_similarity import REFERENCE_SQL, _disguised_sql
from tests.ui.conftest import COURSE

pytestmark = [pytest.mark.sandbox, pytest.mark.service, pytest.mark.browser, pytest.mark.serial]


def _judged(stack, who: str, source: str, dialect: str) -> str:
    made = stack.api(who).post(
        "/api/v1/submissions",
        json={"problem": "third-unique-song", "source": source, "dialect": dialect, "assignment": f"{COURSE}/week-1"},
    )
    assert made.status_code == 201, made.text
    return made.json()["id"]


def _fingerprinted(stack, ids: list[str]) -> bool:
    from judge.db.models import SubmissionFingerprint
    from judge.db.session import make_engine, make_sessionmaker

    engine = make_engine(stack.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            found = session.scalars(
                select(SubmissionFingerprint.submission_id).where(SubmissionFingerprint.submission_id.in_(ids))
            )
            return set(found) == set(ids)
    finally:
        engine.dispose()


def test_the_instructor_reads_the_report_and_a_flagged_pair_side_by_side(pages, stack):
    ids = [_judged(stack, "alice", REFERENCE_SQL, "duckdb"), _judged(stack, "mallory", _disguised_sql(), "mysql")]
    for _ in range(120):  # bounded: two SQL submissions are judged in seconds
        if _fingerprinted(stack, ids):
            break
        time.sleep(1)
    assert _fingerprinted(stack, ids), "the worker did not fingerprint the judged submissions"

    page = pages.page
    pages.sign_in("teacher")
    page.get_by_role("link", name=re.compile("Similarity in Week 1")).first.click()
    page.wait_for_url(re.compile(f"/courses/{COURSE}/assignments/week-1/similarity$"))
    assert "never proof" in page.locator("main").inner_text()
    section = page.locator("section", has=page.get_by_role("heading", name=re.compile("third-unique-song")))
    first = section.locator("tbody tr").first
    assert "alice and mallory" in first.inner_text() and "flagged" in first.inner_text()
    pages.shot("similarity")
    pages.check_accessible("similarity")
    first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/similarity/[0-9a-f]{32}/[0-9a-f]{32}$"))
    assert page.locator(".pair mark").count() > 10
    assert "-- my own work" in page.locator(".pair").text_content()  # as written, in a closed <details>
    pages.shot("similarity-pair")
    pages.check_accessible("similarity-pair")
