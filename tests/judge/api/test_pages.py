"""The web pages in-process: sign-in, sessions, CSRF, access, escaping, errors and assets.

The browser tests (tests/ui) drive the same pages in Chromium against the real worker; these check each rule
on its own, quickly, over a TestClient.
"""

from __future__ import annotations

import gzip
import re

import pytest
from sqlalchemy import select

from judge.db.models import User
from judge.service.accounts import COOKIE, PASSWORDS

PASSWORD = "a-long-enough-password"


def set_password(api, name: str, password: str = PASSWORD) -> None:
    with api.services.sessions() as session:
        user = session.scalar(select(User).where(User.name == name))
        user.password_hash = PASSWORDS.hash(password)
        session.commit()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrftoken" value="([^"]+)"', html)
    assert found, html[:2000]
    return found.group(1)


def new_client(api):
    from fastapi.testclient import TestClient

    return TestClient(api.client.app, follow_redirects=False)


def sign_in(api, name: str, password: str = PASSWORD, client=None, next_path: str = "/"):
    client = client or new_client(api)
    page = client.get("/sign-in")
    assert page.status_code == 200
    response = client.post(
        "/sign-in", data={"login": name, "password": password, "csrftoken": csrf_of(page.text), "next": next_path}
    )
    return client, response


@pytest.fixture
def paged(api):
    for name in ("alice", "bob", "teacher"):
        set_password(api, name)
    return api


def test_signing_in_sets_an_httponly_lax_cookie_holding_only_a_session_id(paged):
    client, response = sign_in(paged, "alice")
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith(f"{COOKIE}="))
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Secure" not in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    assert "alice" not in value and len(value) >= 40
    home = client.get("/")
    assert home.status_code == 200 and "Hello, alice" in home.text


def test_a_cookie_is_secure_behind_tls(paged):
    client = new_client(paged)
    page = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={"login": "alice", "password": PASSWORD, "csrftoken": csrf_of(page.text)},
        headers={"X-Forwarded-Proto": "https"},
    )
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith(f"{COOKIE}="))
    assert "Secure" in cookie


def test_a_wrong_password_is_a_401_page_and_the_login_is_kept(paged):
    _, response = sign_in(paged, "alice", "not-the-password")
    assert response.status_code == 401
    assert "do not match" in response.text and 'value="alice"' in response.text
    _, unknown = sign_in(paged, "nobody-at-all", "whatever-password")
    assert unknown.status_code == 401 and "do not match" in unknown.text


def test_failed_sign_ins_are_limited_per_login_then_refused_even_with_the_right_password(paged):
    limit = paged.services.settings.sign_in_failures
    client = new_client(paged)
    for _ in range(limit):
        _, response = sign_in(paged, "bob", "wrong-password!", client=client)
        assert response.status_code == 401
    _, refused = sign_in(paged, "bob", PASSWORD, client=client)
    assert refused.status_code == 429 and "too many failed sign-ins" in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    _, other = sign_in(paged, "teacher")  # another login, the same address: the address is at its limit too
    assert other.status_code == 429


def test_a_page_without_a_session_sends_the_browser_to_sign_in_and_back(paged):
    client = new_client(paged)
    response = client.get("/submissions?problem=add-canary")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/submissions%3Fproblem%3Dadd-canary"
    client2, signed = sign_in(paged, "alice", next_path="/submissions?problem=add-canary")
    assert signed.headers["location"] == "/submissions?problem=add-canary"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_after_signing_in_the_browser_never_leaves_the_site(paged, target):
    _, response = sign_in(paged, "alice", next_path=target)
    assert response.headers["location"] == "/"


def test_a_form_posted_without_its_csrf_token_is_refused(paged):
    client = new_client(paged)
    client.get("/sign-in")
    response = client.post("/sign-in", data={"login": "alice", "password": PASSWORD})
    assert response.status_code == 403 and "security token" in response.text
    assert COOKIE not in response.headers.get("set-cookie", "")
    signed, _ = sign_in(paged, "alice")
    forged = signed.post("/account/sign-out-everywhere", data={"csrftoken": "forged"})
    assert forged.status_code == 403
    assert signed.get("/").status_code == 200  # still signed in: the forged form did nothing


def test_the_api_with_a_session_cookie_needs_the_csrf_header_and_bearer_tokens_do_not(paged):
    client, _ = sign_in(paged, "alice")
    body = {"problem": "add-canary", "source": "def solve(a, b):\n    return a + b\n"}
    assert client.post("/api/v1/submissions", json=body).status_code == 403
    token = client.cookies.get("judge_csrf")
    assert client.post("/api/v1/submissions", json=body, headers={"x-csrftoken": token}).status_code == 201
    assert client.get("/api/v1/submissions").status_code == 200  # a read needs no token
    bearer = paged.client.post("/api/v1/submissions", json=body, headers=paged.auth("bob"))
    assert bearer.status_code == 201


def test_signing_out_elsewhere_ends_every_session_at_once(paged):
    laptop, _ = sign_in(paged, "alice")
    phone, _ = sign_in(paged, "alice")
    assert phone.get("/").status_code == 200
    page = laptop.get("/account")
    assert laptop.post("/account/sign-out-everywhere", data={"csrftoken": csrf_of(page.text)}).status_code == 303
    assert phone.get("/").status_code == 303
    assert phone.get("/api/v1/submissions").status_code == 401
    assert laptop.get("/").status_code == 303


def test_signing_out_ends_that_session_only(paged):
    laptop, _ = sign_in(paged, "alice")
    phone, _ = sign_in(paged, "alice")
    home = laptop.get("/")
    assert laptop.post("/sign-out", data={"csrftoken": csrf_of(home.text)}).status_code == 303
    assert laptop.get("/").status_code == 303
    assert phone.get("/").status_code == 200


def test_deactivating_an_account_ends_its_sessions(paged):
    client, _ = sign_in(paged, "bob")
    assert (
        paged.client.patch("/api/v1/users/bob", json={"active": False}, headers=paged.auth("admin")).status_code == 200
    )
    assert client.get("/").status_code == 303


def test_passwords_are_set_by_whoever_may_reset_the_token(paged):
    url = "/api/v1/users/{}/password"
    new = {"password": "another-long-password"}
    assert paged.client.put(url.format("alice"), json=new, headers=paged.auth("admin")).status_code == 204
    assert paged.client.put(url.format("alice"), json=new, headers=paged.auth("bob")).status_code == 404
    too_short = paged.client.put(url.format("alice"), json={"password": "short"}, headers=paged.auth("admin"))
    assert too_short.status_code == 422
    own = paged.client.put(url.format("bob"), json=new, headers=paged.auth("bob"))
    assert own.status_code == 422 and "current password" in own.json()["detail"]
    own = paged.client.put(url.format("bob"), json={**new, "current_password": PASSWORD}, headers=paged.auth("bob"))
    assert own.status_code == 204
    _, old = sign_in(paged, "bob")
    assert old.status_code == 401
    _, fresh = sign_in(paged, "bob", "another-long-password")
    assert fresh.status_code == 303


def test_changing_ones_password_on_the_account_page(paged):
    client, _ = sign_in(paged, "alice")
    page = client.get("/account")
    wrong = client.post(
        "/account/password",
        data={"csrftoken": csrf_of(page.text), "current_password": "nope-nope-nope", "password": "brand-new-password"},
    )
    assert wrong.status_code == 422 and "current password is not right" in wrong.text
    done = client.post(
        "/account/password",
        data={"csrftoken": csrf_of(page.text), "current_password": PASSWORD, "password": "brand-new-password"},
    )
    assert done.status_code == 303 and client.get("/").status_code == 303
    _, again = sign_in(paged, "alice", "brand-new-password")
    assert again.status_code == 303


def test_a_source_full_of_html_shows_as_text(paged):
    client, _ = sign_in(paged, "alice")
    source = "def solve(a, b):\n    return a + b  # </code></pre><script>alert('x')</script><img src=x onerror=1>\n"
    created = paged.submit("alice", source=source)
    page = client.get(f"/submissions/{created['id']}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;" in page.text or "&lt;/code&gt;" in page.text


def test_a_student_cannot_open_another_students_submission_nor_staff_pages(paged):
    created = paged.submit("bob")
    client, _ = sign_in(paged, "alice")
    for path in (
        f"/submissions/{created['id']}",
        f"/submissions/{created['id']}/table",
        f"/submissions/{created['id']}/diff?against={created['id']}",
        "/submissions?user=bob",
        "/courses/no-such-course/gradebook",
        "/problems/add-canary/versions",
    ):
        response = client.get(path)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert "text/html" in response.headers["content-type"]
        assert "Traceback" not in response.text
    rejudge = client.post(f"/submissions/{created['id']}/rejudge", data={"csrftoken": client.cookies.get("judge_csrf")})
    assert rejudge.status_code in (403, 404)


def test_errors_are_pages_for_pages_and_json_for_the_api(paged):
    client, _ = sign_in(paged, "alice")
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "Not found" in page.text and "Hello" not in page.text
    api = client.get("/api/v1/no-such-endpoint")
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}
    missing = client.get("/problems/no-such-problem")
    assert missing.status_code == 404 and "no problem named" in missing.text


def test_pages_forbid_scripts_from_anywhere_but_the_site(paged):
    client, _ = sign_in(paged, "alice")
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    for url in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        assert url.startswith(("/", "#")), url


def test_assets_are_hashed_gzipped_and_immutable(paged):
    client, _ = sign_in(paged, "alice")
    page = client.get("/problems/add-canary")
    urls = re.findall(r'(?:src|href)="(/assets/[^"]+)"', page.text)
    assert any(u.endswith(".js") for u in urls) and any(u.endswith(".css") for u in urls)
    for url in urls:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", url), url
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    raw = client.get(urls[0], headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    assert client.get("/assets/app.000000000000.css").status_code == 404


def test_docs_are_served_from_the_app_itself(paged):
    response = paged.client.get("/docs")
    assert response.status_code == 200
    urls = re.findall(r"""(?:src|href|url)\s*[:=]\s*['"]([^'"]+)['"]""", response.text)
    assert urls and all(u.startswith("/") for u in urls), urls
    assert not re.search(r"https?://", response.text)


def test_the_event_stream_numbers_tests_and_resumes_after_the_last_one_had(paged):
    from judge.api.routes.submissions import _event

    assert _event("test", {"a": 1}, event_id=3).startswith("id: 3\nevent: test\n")
    assert not _event("status", {"s": 1}).startswith("id:")


def test_the_statement_is_rendered_from_markdown_without_raw_html(paged):
    from judge.api.pages.markdown import to_html

    html = to_html("# T\n\n<script>x</script>\n\n| a |\n|---|\n| 1 |\n\n$x^2$ and $\\text{<img src=x>}$")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<table>" in html and "<math" in html and "<msup>" in html
    assert "<img" not in html


def test_the_home_page_lists_the_open_problems_and_escapes_names(paged):
    client, _ = sign_in(paged, "alice")
    home = client.get("/")
    assert 'href="/problems/add-canary"' in home.text
    problem = client.get("/problems/add-canary")
    assert problem.status_code == 200 and 'name="source"' in problem.text and "data-editor" in problem.text


def test_submitting_from_the_page_makes_a_submission_and_shows_it(paged):
    client, _ = sign_in(paged, "alice")
    page = client.get("/problems/add-canary")
    response = client.post(
        "/problems/add-canary/submit",
        data={"csrftoken": csrf_of(page.text), "source": "def solve(a, b):\n    return a + b\n"},
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/submissions/")
    shown = client.get(response.headers["location"])
    assert shown.status_code == 200 and "Queued" in shown.text
    assert paged.enqueued


def test_the_run_button_makes_a_run_on_the_examples_shown_as_one(paged):
    client, _ = sign_in(paged, "alice")
    page = client.get("/problems/add-canary")
    assert 'name="examples_only" value="1"' in page.text and "Run on the examples" in page.text
    response = client.post(
        "/problems/add-canary/submit",
        data={"csrftoken": csrf_of(page.text), "source": "def solve(a, b):\n    return a + b\n", "examples_only": "1"},
    )
    assert response.status_code == 303
    run_id = response.headers["location"].rsplit("/", 1)[1]
    assert client.get(f"/api/v1/submissions/{run_id}").json()["examples_only"] is True
    shown = client.get(response.headers["location"]).text
    assert "Run on the examples of" in shown and "it is not graded" in shown
    listed = client.get("/submissions").text
    assert "run on the examples" in listed


def test_an_uploaded_file_is_the_source(paged):
    client, _ = sign_in(paged, "alice")
    page = client.get("/problems/add-canary")
    response = client.post(
        "/problems/add-canary/submit",
        data={"csrftoken": csrf_of(page.text), "source": "ignored"},
        files={"upload": ("mine.py", b"def solve(a, b):\n    return b + a\n", "text/x-python")},
    )
    assert response.status_code == 303
    source = client.get(f"/api/v1/submissions/{response.headers['location'].rsplit('/', 1)[1]}/source").json()
    assert source["source"] == "def solve(a, b):\n    return b + a\n"


def test_a_refused_submission_keeps_the_source_on_the_page(paged):
    client, _ = sign_in(paged, "alice")
    page = client.get("/problems/add-canary")
    response = client.post(
        "/problems/add-canary/submit", data={"csrftoken": csrf_of(page.text), "source": "x" * 10_000}
    )
    assert response.status_code == 422 and "KiB" in response.text and "x" * 100 in response.text


def test_gzip_of_an_asset_is_what_it_serves(paged):
    assets = paged.client.app.state.assets
    asset = assets.by_name["app.css"]
    assert gzip.decompress(asset.gzipped) == asset.body
