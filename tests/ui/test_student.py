"""A student in Chromium: signing in, the problem page and its editor, a run on the examples, a submission
judged live in a real sandbox, a wrong answer's feedback, drafts, and the pages around them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.ui.conftest import COURSE

# serial: a browser, a worker and their stack load both CPUs, which would stretch the CPU time other tests
# measure; they run alone, before the parallel tests.
pytestmark = [pytest.mark.sandbox, pytest.mark.service, pytest.mark.browser, pytest.mark.serial]

# The reference, slowed so that its judging outlasts the 2 s the stack's event streams last: the live view
# must resume after every cut.
SLOW_REFERENCE = """import math
import time


def ndcg_at_k(ranked, relevance, k):
    time.sleep(0.08)
    def dcg(gains):
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))
    ideal = dcg(sorted(relevance.values(), reverse=True))
    if ideal == 0:
        return 0.0
    return dcg([relevance.get(item, 0) for item in ranked]) / ideal
"""
WRONG = "def ndcg_at_k(ranked, relevance, k):\n    return 0.5\n"


def type_in_editor(page, text: str) -> None:
    """Replace the editor's text as a person would: select all, then type (inserted at once, so that the
    editor's auto-indent does not re-indent each line)."""
    page.wait_for_selector("textarea#source[data-mounted=codemirror]", state="attached")
    editor = page.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def open_problem(pages, slug: str = "ndcg-at-k") -> None:
    page = pages.page
    page.goto("/")
    page.get_by_role("link", name=slug).first.click()
    page.wait_for_url(re.compile(f"/problems/{slug}"))


def submit_and_follow(pages, button: str = "Submit") -> tuple[str, list[str]]:
    """Submit the form (or run it on the examples) and wait for the live verdict's table; the submission's id
    and the event streams opened."""
    page = pages.page
    streams: list[str] = []
    page.on("request", lambda r: streams.append(r.url) if r.url.endswith("/events") else None)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url(re.compile(r"/submissions/[0-9a-f]+$"))
    submission_id = page.url.rsplit("/", 1)[1]
    page.wait_for_selector("#result[data-status=finished]", timeout=120_000)
    return submission_id, streams


def test_a_student_types_submits_and_sees_each_test_arrive_live(pages, stack):
    page = pages.page
    pages.sign_in("alice")
    assert page.get_by_role("heading", name="Hello, alice").is_visible()
    assert page.get_by_role("heading", name="Week 1 & ranking").is_visible()
    pages.shot("home")
    pages.check_accessible("home")
    open_problem(pages)
    assert page.locator(".statement h1, .statement h2").first.is_visible()
    assert page.locator("textarea#source").is_hidden()  # the editor took its place
    pages.shot("problem")
    pages.check_accessible("problem")
    type_in_editor(page, SLOW_REFERENCE)
    # The textarea, which the form posts, follows the editor.
    assert page.locator("textarea#source").input_value() == SLOW_REFERENCE
    # First a run on the examples: the public tests alone, not graded.
    run_id, _ = submit_and_follow(pages, "Run on the examples")
    run = stack.api("alice").get(f"/api/v1/submissions/{run_id}").json()
    assert run["examples_only"] is True and run["verdict"] == "accepted"
    assert [t["visibility"] for t in run["result"]["tests"]] == ["public"] * 3
    assert page.get_by_role("heading", name=re.compile("Run on the examples of")).is_visible()
    assert page.locator("table.tests > tbody > tr:not(.feedback)").count() == 3
    pages.shot("run-on-the-examples")
    pages.check_accessible("run")
    open_problem(pages)  # back to the problem: the draft is there still, to submit
    page.wait_for_selector("textarea#source[data-mounted=codemirror]", state="attached")
    assert page.locator("textarea#source").input_value() == SLOW_REFERENCE
    submission_id, streams = submit_and_follow(pages)
    received = page.evaluate("window.judgeLive ? window.judgeLive.seen.size : -1")
    api = stack.api("alice").get(f"/api/v1/submissions/{submission_id}").json()
    assert api["verdict"] == "accepted" and api["score"] == 100
    tests = api["result"]["tests"]
    # The tests arrived live in the order they were judged, each once, although each stream was cut after 2 s
    # and the browser resumed it; those judged after the last look came with the result, in the table.
    assert len(streams) >= 2, streams
    live_names = [text.rsplit(" ", 1)[0] for text in page.locator("li.live-test").all_inner_texts()]
    assert received == len(live_names) >= len(tests) // 2, (received, len(tests))
    assert live_names == [t["name"] for t in tests][: len(live_names)]
    table = page.locator("table.tests").inner_text()
    pages.shot("verdict")
    pages.check_accessible("submission")
    page.reload()
    assert page.locator("table.tests").inner_text() == table  # the live page ends as a reload shows it
    assert page.locator("pre.source").inner_text().startswith("import math")


def test_a_wrong_answer_shows_the_examples_expected_and_actual_and_nothing_hidden(pages, stack):
    page = pages.page
    pages.sign_in("bob")
    open_problem(pages)
    type_in_editor(page, WRONG)
    submission_id, _ = submit_and_follow(pages)
    api = stack.api("bob").get(f"/api/v1/submissions/{submission_id}").json()
    assert api["verdict"] == "wrong_answer"
    tests = api["result"]["tests"]
    public = [t for t in tests if t["visibility"] == "public"]
    hidden = [t for t in tests if t["visibility"] == "hidden"]
    assert public and hidden and all("feedback" not in t for t in hidden)
    expected = page.locator("pre.expected")
    actual = page.locator("pre.actual")
    assert expected.count() == actual.count() == len([t for t in public if t["verdict"] != "accepted"])
    assert actual.first.inner_text().strip() == "0.5"
    assert expected.first.inner_text().strip() == str(public[0]["feedback"]["expected"])
    # Each hidden test is a row with its name as the API gives it, and no feedback of any kind.
    rows = page.locator("table.tests > tbody > tr:not(.feedback)")
    assert rows.count() == len(tests)
    assert page.locator("table.tests details").count() == len([t for t in public if t.get("feedback")])
    text = page.locator("table.tests").inner_text()
    for test in hidden:
        assert test["name"] in text
    pages.shot("wrong-answer")
    pages.check_accessible("wrong-answer")


def test_a_draft_survives_a_reload(pages):
    page = pages.page
    pages.sign_in("mallory")
    open_problem(pages)
    draft = "def ndcg_at_k(ranked, relevance, k):\n    # half-way there\n    return 0.25\n"
    type_in_editor(page, draft)
    expect(page.locator("#draft-status")).to_contain_text("saved")
    page.reload()
    page.wait_for_selector("textarea#source[data-mounted=codemirror]", state="attached")
    assert page.locator("textarea#source").input_value() == draft
    assert "half-way there" in page.locator(".cm-content").inner_text()
    assert "restored" in page.locator("#draft-status").inner_text()
    pages.shot("draft-restored")


def test_my_submissions_diff_grades_account_and_docs(pages, stack):
    page = pages.page
    pages.sign_in("alice")
    for source in (WRONG, WRONG.replace("0.5", "0.75")):
        open_problem(pages)
        type_in_editor(page, source)
        submit_and_follow(pages)
    page.get_by_role("link", name="My submissions").click()
    assert page.locator("tbody tr").count() >= 2
    pages.check_accessible("submissions")
    page.locator("tbody tr a").first.click()
    page.get_by_role("button", name="Show the differences").click()
    assert page.locator(".diff ins").count() >= 1 and page.locator(".diff del").count() >= 1
    pages.shot("diff")
    pages.check_accessible("diff")
    page.goto(f"/courses/{COURSE}/grades")
    assert page.get_by_role("heading", name=re.compile("My grades")).is_visible()
    assert "ndcg-at-k" in page.locator("main").inner_text()
    pages.shot("grades")
    pages.check_accessible("grades")
    page.goto("/account")
    pages.check_accessible("account")
    page.goto("/no/such/page")
    assert page.get_by_role("heading", name="Not found").is_visible()
    pages.check_accessible("not-found")
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "judge" in page.locator(".swagger-ui .info .title").inner_text()
    pages.shot("docs")


def test_a_narrow_window_keeps_the_problem_page_usable(pages):
    page = pages.page
    page.set_viewport_size({"width": 390, "height": 844})
    pages.sign_in("mallory")
    open_problem(pages)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, width  # nothing forces a sideways scroll of the page
    pages.shot("problem-phone")
    pages.check_accessible("problem-phone")
