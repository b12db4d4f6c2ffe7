"""Every bad request gets a 4xx and a sentence saying what is wrong; nothing gets a 5xx."""

from __future__ import annotations

import pytest

GOOD_PY = "def solve(a, b):\n    return a + b\n"
JSON = {"Content-Type": "application/json"}

# (case, who, method, path, keyword arguments for the request, status, a fragment of the reason)
CASES = [
    (
        "unknown problem",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "nope", "source": GOOD_PY}},
        404,
        "no problem named 'nope'",
    ),
    (
        "language not offered",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "plays-per-user", "language": "python", "source": "SELECT 1"}},
        422,
        "accepts sql, not 'python'",
    ),
    (
        "dialect not offered",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "plays-per-user", "dialect": "oracle", "source": "SELECT 1"}},
        422,
        "not 'oracle'",
    ),
    (
        "dialect for a python problem",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "add-canary", "dialect": "duckdb", "source": GOOD_PY}},
        422,
        "no SQL dialects",
    ),
    (
        "empty source",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "add-canary", "source": ""}},
        422,
        "the source is empty",
    ),
    (
        "blank source",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "add-canary", "source": " \n\t "}},
        422,
        "the source is empty",
    ),
    (
        "source over the limit",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "add-canary", "source": "#" * (4 * 1024 + 1)}},
        413,
        "over the limit of 4 KiB",
    ),
    (
        "multibyte source over the limit",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "add-canary", "source": "é" * (2 * 1024 + 1)}},
        413,
        "over the limit of 4 KiB",
    ),
    (
        "body far over the limit",
        "alice",
        "post",
        "/api/v1/submissions",
        {"content": b'{"problem": "add-canary", "source": "' + b"#" * 200_000 + b'"}', "headers": JSON},
        413,
        "sources may be at most 4 KiB",
    ),
    (
        "chunked body far over the limit",
        "alice",
        "post",
        "/api/v1/submissions",
        {"content": iter([b'{"problem": "add-canary", "source": "'] + [b"#" * 10_000] * 20 + [b'"}']), "headers": JSON},
        413,
        "sources may be at most 4 KiB",
    ),
    (
        "malformed JSON",
        "alice",
        "post",
        "/api/v1/submissions",
        {"content": b'{"problem": "add-canary", "source": ', "headers": JSON},
        422,
        "not valid JSON",
    ),
    (
        "not a JSON object",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": ["add-canary", GOOD_PY]},
        422,
        "must be a JSON object",
    ),
    ("no body", "alice", "post", "/api/v1/submissions", {"headers": JSON}, 422, "a JSON body is required"),
    (
        "not sent as JSON",
        "alice",
        "post",
        "/api/v1/submissions",
        {"content": b'{"problem": "add-canary", "source": "x"}', "headers": {"Content-Type": "text/plain"}},
        422,
        "Content-Type: application/json",
    ),
    (
        "source of the wrong type",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "add-canary", "source": 42}},
        422,
        "source: Input should be a valid string",
    ),
    (
        "problem of the wrong type",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": ["add-canary"], "source": GOOD_PY}},
        422,
        "problem: Input should be a valid string",
    ),
    (
        "missing source",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "add-canary"}},
        422,
        "source: Field required",
    ),
    (
        "misspelt field",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "plays-per-user", "source": "SELECT 1", "dialekt": "postgres"}},
        422,
        "dialekt: Extra inputs are not permitted",
    ),
    (
        "missing token",
        None,
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "add-canary", "source": GOOD_PY}},
        401,
        "send a token",
    ),
    (
        "bad token",
        "not-a-token",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "add-canary", "source": GOOD_PY}},
        401,
        "the token is not valid",
    ),
    (
        "wrong auth scheme",
        None,
        "get",
        "/api/v1/submissions",
        {"headers": {"Authorization": "Basic YWxpY2U6c2VjcmV0"}},
        401,
        "Authorization: Bearer",
    ),
    ("unknown submission", "alice", "get", "/api/v1/submissions/0123456789abcdef", {}, 404, "no submission"),
    (
        "negative wait",
        "alice",
        "get",
        "/api/v1/submissions/0123456789abcdef",
        {"params": {"wait": -1}},
        422,
        "query parameter wait",
    ),
    # Finding 3 and 7: text that cannot be stored got a 500 and a traceback in the log.
    (
        "NUL in the source",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "add-canary", "source": "def solve(a, b):\n    return a + b\x00\n"}},
        422,
        "source contains a NUL character",
    ),
    (
        "lone surrogate in the source",
        "alice",
        "post",
        "/api/v1/submissions",
        {"content": b'{"problem": "add-canary", "source": "def solve(a, b): return 1 # \\ud800"}', "headers": JSON},
        422,
        "source is not valid Unicode",
    ),
    (
        "NUL in the problem",
        "alice",
        "post",
        "/api/v1/submissions",
        {"json": {"problem": "add-\x00canary", "source": GOOD_PY}},
        422,
        "problem contains a NUL",
    ),
    (
        "lone surrogate in a user name",
        "admin",
        "post",
        "/api/v1/users",
        {"content": b'{"name": "a\\udc80"}', "headers": JSON},
        422,
        "name: Input should be a valid string",
    ),
    ("NUL in a query parameter", "admin", "get", "/api/v1/submissions?user=a%00b", {}, 422, "query string holds a NUL"),
    (
        "bytes that are not UTF-8 in a query parameter",
        "admin",
        "get",
        "/api/v1/submissions?problem=%ED%A0%80",
        {},
        422,
        "not UTF-8",
    ),
    ("NUL in the path", "alice", "get", "/api/v1/submissions/ab%00cd", {}, 422, "path holds a NUL"),
    (
        "offset too deep",
        "alice",
        "get",
        "/api/v1/submissions",
        {"params": {"offset": 10**9}},
        422,
        "query parameter offset",
    ),
    # A misspelt or unknown filter is an error, not a silent "everything" (issue 12).
    (
        "misspelt filter",
        "teacher",
        "get",
        "/api/v1/submissions",
        {"params": {"verdcit": "accepted"}},
        422,
        "unknown query parameter 'verdcit'; this endpoint takes",
    ),
    (
        "a query parameter an endpoint does not take",
        "alice",
        "get",
        "/api/v1/problems",
        {"params": {"page": 2}},
        422,
        "this endpoint takes no query parameters",
    ),
    (
        "unknown verdict",
        "teacher",
        "get",
        "/api/v1/submissions",
        {"params": {"verdict": "passed"}},
        422,
        "query parameter verdict",
    ),
    (
        "unknown user filter",
        "teacher",
        "get",
        "/api/v1/submissions",
        {"params": {"user": "nobody"}},
        404,
        "no user named 'nobody'",
    ),
    (
        "unknown problem filter",
        "alice",
        "get",
        "/api/v1/submissions",
        {"params": {"problem": "nope"}},
        404,
        "no problem named 'nope'",
    ),
    (
        "a time that is not a time",
        "alice",
        "get",
        "/api/v1/submissions",
        {"params": {"since": "yesterday"}},
        422,
        "query parameter since",
    ),
    (
        "the source of an unknown submission",
        "alice",
        "get",
        "/api/v1/submissions/0123456789abcdef/source",
        {},
        404,
        "no submission",
    ),
    (
        "wait not a number",
        "alice",
        "get",
        "/api/v1/submissions/0123456789abcdef",
        {"params": {"wait": "soon"}},
        422,
        "query parameter wait",
    ),
    (
        "page too large",
        "teacher",
        "get",
        "/api/v1/submissions",
        {"params": {"limit": 201}},
        422,
        "query parameter limit",
    ),
    (
        "negative offset",
        "teacher",
        "get",
        "/api/v1/submissions",
        {"params": {"offset": -1}},
        422,
        "query parameter offset",
    ),
    (
        "student listing another's",
        "alice",
        "get",
        "/api/v1/submissions",
        {"params": {"user": "bob"}},
        403,
        "only their own",
    ),
    ("unknown problem page", "alice", "get", "/api/v1/problems/nope", {}, 404, "no problem named 'nope'"),
    (
        "user with an unknown role",
        "admin",
        "post",
        "/api/v1/users",
        {"json": {"name": "dan", "role": "god"}},
        422,
        "role: Input should be",
    ),
    (
        "user with an empty name",
        "admin",
        "post",
        "/api/v1/users",
        {"json": {"name": "", "role": "student"}},
        422,
        "name:",
    ),
    (
        "user that exists",
        "admin",
        "post",
        "/api/v1/users",
        {"json": {"name": "alice", "role": "student"}},
        409,
        "a user named 'alice' exists already",
    ),
    (
        "student adding a user",
        "alice",
        "post",
        "/api/v1/users",
        {"json": {"name": "dan"}},
        403,
        "only admins may add users",
    ),
]


@pytest.mark.parametrize("case, who, method, path, kwargs, status, reason", CASES, ids=[c[0] for c in CASES])
def test_bad_request(api, case, who, method, path, kwargs, status, reason):
    kwargs = dict(kwargs)
    kwargs["headers"] = {**api.auth(who), **kwargs.get("headers", {})}
    response = getattr(api.client, method)(path, **kwargs)  # NoServerErrors fails the test on a 5xx
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and reason in detail, detail
    assert api.enqueued == [], "nothing refused may be queued"
    if status == 422 and "errors" in response.json():
        assert all("input" not in error for error in response.json()["errors"])  # the source is not echoed


def test_a_refused_submission_is_not_stored(api):
    api.client.post("/api/v1/submissions", headers=api.auth("alice"), json={"problem": "add-canary", "source": ""})
    assert api.client.get("/api/v1/submissions", headers=api.auth("alice")).json()["total"] == 0


def test_the_source_limit_is_inclusive(api):
    body = api.submit("alice", source="#" * (4 * 1024 - 1) + "\n")
    assert body["status"] == "queued"


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("http://127.0.0.1:9/hook", "not a public address"),
        ("http://10.0.0.7/hook", "not a public address"),
        ("http://169.254.169.254/latest/meta-data", "not a public address"),
        ("http://[::1]/hook", "not a public address"),
        ("file:///etc/passwd", "http or https"),
        ("http://user:pw@example.org/hook", "credentials"),
    ],
)
def test_a_callback_to_a_private_address_is_refused(api, url, fragment):
    # Issue 13: the judge must not become a way to reach what only it can reach.
    refused = api.client.post(
        "/api/v1/submissions",
        headers=api.auth("alice"),
        json={"problem": "add-canary", "source": GOOD_PY, "callback_url": url},
    )
    assert refused.status_code == 422 and fragment in refused.json()["detail"], refused.text
    assert api.enqueued == []
