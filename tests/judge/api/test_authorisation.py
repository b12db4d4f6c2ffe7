"""Who may do what: every role against every endpoint, in one table."""

from __future__ import annotations

import json

import pytest

from judge.service.judging import store_result
from tests.judge.api.conftest import CANARY, public_result

# The callers: three roles, a student who owns the submission and one who does not, a bad token, none.
CALLERS = ["admin", "teacher", "alice", "bob", "bad-token", None]

# endpoint -> the status each caller gets, in the order of CALLERS. Alice owns the submission read.
MATRIX = {
    "read alice's submission": [200, 200, 200, 403, 401, 401],
    "read alice's source": [200, 200, 200, 403, 401, 401],
    "read alice's results": [200, 200, 200, 403, 401, 401],
    "follow alice's events": [200, 200, 200, 403, 401, 401],
    "list alice's submissions": [200, 200, 200, 403, 401, 401],
    "list own submissions": [200, 200, 200, 200, 401, 401],
    "submit": [201, 201, 201, 201, 401, 401],
    "add a student": [201, 403, 403, 403, 401, 401],  # accounts are admins' to make (round two, finding 9)
    "add an instructor": [201, 403, 403, 403, 401, 401],
    "list problems": [200, 200, 200, 200, 401, 401],
    "read a problem": [200, 200, 200, 200, 401, 401],
    "health (no token needed)": [200, 200, 200, 200, 200, 200],
}


def call(api, endpoint: str, who, alice_submission: str):
    client, headers = api.client, api.auth(who)
    if endpoint == "read alice's submission":
        return client.get(f"/api/v1/submissions/{alice_submission}", headers=headers)
    if endpoint == "read alice's source":
        return client.get(f"/api/v1/submissions/{alice_submission}/source", headers=headers)
    if endpoint == "read alice's results":
        return client.get(f"/api/v1/submissions/{alice_submission}/results", headers=headers)
    if endpoint == "follow alice's events":
        return client.get(f"/api/v1/submissions/{alice_submission}/events", headers=headers)
    if endpoint == "list alice's submissions":
        return client.get("/api/v1/submissions", params={"user": "alice"}, headers=headers)
    if endpoint == "list own submissions":
        return client.get("/api/v1/submissions", headers=headers)
    if endpoint == "submit":
        return client.post(
            "/api/v1/submissions",
            headers=headers,
            json={"problem": "add-canary", "source": "def solve(a, b):\n    return a + b\n"},
        )
    if endpoint.startswith("add a"):
        role = endpoint.split()[-1]
        return client.post("/api/v1/users", headers=headers, json={"name": f"new-{role}-{who}", "role": role})
    if endpoint == "list problems":
        return client.get("/api/v1/problems", headers=headers)
    if endpoint == "read a problem":
        return client.get("/api/v1/problems/add-canary", headers=headers)
    if endpoint == "health (no token needed)":
        return client.get("/healthz", headers=headers)
    raise AssertionError(endpoint)


@pytest.fixture
def alice_submission(api) -> str:
    submission = api.submit("alice")
    store_result(api.services, submission["id"], public_result())
    return submission["id"]


@pytest.mark.parametrize(
    "endpoint, who, expected",
    [
        pytest.param(endpoint, who, codes[i], id=f"{endpoint} as {who or 'nobody'}")
        for endpoint, codes in MATRIX.items()
        for i, who in enumerate(CALLERS)
    ],
)
def test_matrix(api, alice_submission, endpoint, who, expected):
    response = call(api, endpoint, who, alice_submission)
    assert response.status_code == expected, response.text
    if expected >= 400:
        assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    if expected == 401:
        assert response.headers["WWW-Authenticate"] == "Bearer"
    if expected < 300:
        assert CANARY not in response.text


def test_lists_show_only_what_the_caller_may_see(api):
    mine = api.submit("alice")["id"]
    theirs = api.submit("bob")["id"]
    own = api.client.get("/api/v1/submissions", headers=api.auth("alice")).json()
    assert [item["id"] for item in own["items"]] == [mine] and own["total"] == 1
    assert own["items"][0]["user"] == "alice"
    # A student may name themselves.
    assert (
        api.client.get("/api/v1/submissions", params={"user": "alice"}, headers=api.auth("alice")).json()["total"] == 1
    )
    everyone = api.client.get("/api/v1/submissions", headers=api.auth("teacher")).json()
    assert {item["id"] for item in everyone["items"]} == {mine, theirs}
    bobs = api.client.get("/api/v1/submissions", params={"user": "bob"}, headers=api.auth("admin")).json()
    assert [(item["id"], item["user"]) for item in bobs["items"]] == [(theirs, "bob")]
    by_problem = api.client.get(
        "/api/v1/submissions", params={"problem": "plays-per-user"}, headers=api.auth("teacher")
    ).json()
    assert by_problem["items"] == [] and by_problem["total"] == 0


def test_an_instructor_reads_a_students_result_with_its_owner(api, alice_submission):
    body = api.client.get(f"/api/v1/submissions/{alice_submission}", headers=api.auth("teacher")).json()
    assert body["user"] == "alice" and body["status"] == "finished"


def test_a_new_user_can_use_the_token_it_was_given_once(api):
    created = api.client.post("/api/v1/users", headers=api.auth("admin"), json={"name": "carol", "role": "instructor"})
    assert created.status_code == 201
    assert created.json()["name"] == "carol" and created.json()["role"] == "instructor"
    token = created.json()["token"]
    listing = api.client.get(
        "/api/v1/submissions", params={"user": "alice"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert listing.status_code == 200  # an instructor
    with api.services.sessions() as session:
        from sqlalchemy import text

        stored = json.dumps([list(r) for r in session.execute(text("SELECT * FROM api_tokens")).all()], default=str)
    assert token not in stored  # only its hash


def test_hidden_tests_keep_their_secrets_in_a_read_result(api, alice_submission):
    body = api.client.get(f"/api/v1/submissions/{alice_submission}", headers=api.auth("alice")).json()
    hidden = [t for t in body["result"]["tests"] if t["visibility"] == "hidden"]
    public = [t for t in body["result"]["tests"] if t["visibility"] == "public"]
    assert hidden and public
    assert all("feedback" not in t for t in hidden)
    assert public[0]["feedback"] == {"expected": 3, "actual": 3}
    assert CANARY not in json.dumps(body) and '"secret"' not in json.dumps(body)


def _started(tmp_path, **overrides):
    """An API over the database in tmp_path, started (its lifespan ran) and stopped again."""
    from judge.api.app import create_app
    from tests.judge.api.conftest import NoServerErrors, make_settings

    client = NoServerErrors(create_app(make_settings(tmp_path, **overrides), enqueue=lambda _: None))
    client.__enter__()
    return client


def _status(client, token: str) -> int:
    return client.get("/api/v1/problems", headers={"Authorization": f"Bearer {token}"}).status_code


def test_a_new_admin_token_retires_the_old_one(tmp_path):
    # Finding 6: rotating JUDGE_ADMIN_TOKEN kept the old admin token valid.
    first = _started(tmp_path, admin_token="first-admin-token")
    assert _status(first, "first-admin-token") == 200
    first.__exit__(None, None, None)
    second = _started(tmp_path, admin_token="second-admin-token")  # the same database, started again
    try:
        assert _status(second, "second-admin-token") == 200
        assert _status(second, "first-admin-token") == 401
    finally:
        second.__exit__(None, None, None)


def test_the_documented_admin_token_is_refused_beyond_loopback(tmp_path, caplog):
    # Finding 6: the token in the README worked wherever .env did not set one.
    from judge.service.users import DEFAULT_ADMIN_TOKEN

    local = _started(tmp_path, admin_token=DEFAULT_ADMIN_TOKEN)
    assert _status(local, DEFAULT_ADMIN_TOKEN) == 200
    local.__exit__(None, None, None)
    published = _started(tmp_path, admin_token=DEFAULT_ADMIN_TOKEN, api_published_on="0.0.0.0")
    try:
        assert _status(published, DEFAULT_ADMIN_TOKEN) == 401
        assert "documented default" in caplog.text
    finally:
        published.__exit__(None, None, None)
