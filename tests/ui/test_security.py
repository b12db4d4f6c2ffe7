"""What a browser must not be able to do: reach staff pages or another's submission as a student, post a
form without its CSRF token, or keep using a session that was signed out elsewhere."""

from __future__ import annotations

import pytest

from tests.ui.conftest import COURSE, PASSWORD

# serial: a browser, a worker and their stack load both CPUs, which would stretch the CPU time other tests
# measure; they run alone, before the parallel tests.
pytestmark = [pytest.mark.sandbox, pytest.mark.service, pytest.mark.browser, pytest.mark.serial]


def test_the_sign_in_page_is_accessible_and_a_wrong_password_says_so(pages):
    page = pages.page
    page.goto("/sign-in")
    pages.check_accessible("sign-in")
    pages.shot("sign-in")
    page.get_by_label("Login").fill("alice")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text().startswith("that login and password do not match")
    pages.check_accessible("sign-in-failed")


def test_a_student_reaches_no_staff_page_and_no_one_elses_submission(pages, stack):
    theirs = stack.api("alice").post(
        "/api/v1/submissions",
        json={"problem": "ndcg-at-k", "source": "def ndcg_at_k(ranked, relevance, k):\n    return 1.0\n"},
    )
    assert theirs.status_code == 201
    submission = theirs.json()["id"]
    page = pages.page
    pages.sign_in("mallory")
    for path in (
        f"/courses/{COURSE}/gradebook",
        f"/courses/{COURSE}/roster",
        f"/courses/{COURSE}/stats",
        "/problems/ndcg-at-k/versions",
        f"/submissions/{submission}",
        f"/submissions/{submission}/table",
        f"/submissions/{submission}/diff?against={submission}",
        "/submissions?user=alice",
        f"/api/v1/submissions/{submission}/source",
        f"/api/v1/courses/{COURSE}/gradebook.csv",
    ):
        response = page.goto(path)
        assert response.status in (403, 404), (path, response.status)
        assert "return 1.0" not in page.content()
    page.goto(f"/courses/{COURSE}/gradebook")
    assert page.get_by_role("heading", name="Not allowed").is_visible()
    pages.shot("forbidden")
    pages.check_accessible("forbidden")


def test_a_form_without_its_csrf_token_is_refused(pages):
    page = pages.page
    pages.sign_in("mallory")
    page.goto("/account")
    page.evaluate("document.querySelectorAll('input[name=csrftoken]').forEach((e) => e.remove())")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password (at least 10 characters)").fill("a-password-never-set")
    page.get_by_role("button", name="Change the password").click()
    assert page.get_by_text("sent without its security token").is_visible()
    pages.check_accessible("csrf-refused")
    # Nothing changed: the old password still signs in.
    page.context.clear_cookies()
    pages.sign_in("mallory")
    assert page.get_by_role("heading", name="Hello, mallory").is_visible()


def test_a_session_signed_out_elsewhere_stops_working_at_once(pages, browser, stack):
    laptop = pages.page
    pages.sign_in("bob")
    other = browser.new_context(base_url=stack.url)
    other.route("**/*", pages._only_the_origin)
    phone = other.new_page()
    try:
        pages.sign_in("bob", page=phone)
        assert phone.get_by_role("heading", name="Hello, bob").is_visible()
        laptop.goto("/account")
        laptop.get_by_role("button", name="Sign out everywhere").click()
        laptop.wait_for_url("**/sign-in")
        phone.goto("/submissions")
        assert "/sign-in" in phone.url
        assert phone.request.get(f"{stack.url}/api/v1/submissions").status == 401
    finally:
        other.close()
