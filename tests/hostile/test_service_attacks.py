"""The second red team's findings about the service rather than the box (docs/security.md, round two): each an
attack with one ordinary token (or a TA's), which failed on the code before the fix.

r2-3 the API's own process parsed every valid query without a bound; r2-9 a TA could take a course over and
make accounts; r2-10 rejudges had no quota, and staff could apply one to their own submission; and the low
findings: the pending limit raced, a wrong language or assignment confirmed a hidden problem, webhook
targets in NAT64 and IPv4-compatible ranges passed and were resolved twice, datetimes lost their offsets on
SQLite, and io_uring was open (that one is an attack on the box: attacks/io_uring_setup.py).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import statistics
import sys
import threading
import time

import httpx
import pytest

from judge.db.models import ApiToken, Role
from judge.service import webhooks
from judge.errors import InvalidRequest
from tests.conftest import BANK
from tests.judge.api.conftest import build_course
from tests.processes import free_port, start, stop, wait_until

# --- r2-3: the most expensive valid source, at the quota's rate, while another user reads -----------------


def expensive_query(size: int = 60 * 1024) -> str:
    """A valid query that costs sqlglot's qualify and annotate tens of seconds: a long chain of CTEs."""
    parts, length, i = [], 0, 0
    while length < size - 200:
        part = f"c{i} AS (SELECT * FROM {'song_plays' if i == 0 else f'c{i - 1}'})"
        parts.append(part)
        length += len(part) + 2
        i += 1
    return "WITH " + ", ".join(parts) + f" SELECT user_id, MIN(played_at) AS third_song_date FROM c{i - 1} GROUP BY 1"


@pytest.mark.serial  # alone on the machine: it compares latencies
@pytest.mark.timeout(240)
def test_the_api_answers_others_while_it_receives_the_costliest_sources_at_the_quotas_rate(tmp_path, bank_database):
    import shutil

    shutil.copyfile(bank_database, tmp_path / "judge.db")
    port, token = free_port(), "admin-token-of-the-latency-test"
    env = {
        **os.environ,
        "JUDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'judge.db'}",
        "JUDGE_PROBLEMS_DIR": str(BANK),
        "JUDGE_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens: submissions stay queued
        "JUDGE_RATE_LIMIT_STORAGE": "memory://",
        "JUDGE_ADMIN_TOKEN": token,
        "JUDGE_SUBMISSIONS_PER_MINUTE": "60",
        "JUDGE_MAX_PENDING_SUBMISSIONS": "1000",
    }
    process = start(
        [sys.executable, "-m", "uvicorn", "judge.api.app:create_app", "--factory", "--port", str(port)],
        env,
        tmp_path / "api.log",
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(url), 60, "the API to start")
        admin = {"Authorization": f"Bearer {token}"}
        tokens = {
            name: httpx.post(f"{url}/api/v1/users", json={"name": name}, headers=admin).json()["token"]
            for name in ("mallory", "olive")
        }
        mallory = {"Authorization": f"Bearer {tokens['mallory']}"}
        olive = {"Authorization": f"Bearer {tokens['olive']}"}
        source = expensive_query()
        posted: list[int] = []

        def attack() -> None:  # one POST a second: the quota's rate
            with httpx.Client(timeout=60) as client:
                for _ in range(15):
                    started = time.monotonic()
                    body = {"problem": "third-unique-song", "source": source, "dialect": "postgres"}
                    posted.append(client.post(f"{url}/api/v1/submissions", json=body, headers=mallory).status_code)
                    time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))

        def reads(count: int) -> list[float]:
            took = []
            with httpx.Client(timeout=60) as client:
                for _ in range(count):
                    started = time.monotonic()
                    assert client.get(f"{url}/api/v1/problems", headers=olive).status_code == 200
                    took.append(time.monotonic() - started)
                    time.sleep(0.1)
            return took

        reads(5)  # warm
        quiet = reads(20)
        attacker = threading.Thread(target=attack)
        attacker.start()
        time.sleep(2)  # the parse workers are busy by now
        busy = reads(60)
        attacker.join(timeout=120)
        assert posted and all(status in (201, 422, 429) for status in posted), posted
        assert 201 in posted  # the costly source is valid: it is taken, and judged in the sandbox
        usual = statistics.median(quiet)
        assert statistics.median(busy) <= 3 * usual + 0.05, (usual, sorted(busy))
        assert max(busy) <= 1.0, (usual, sorted(busy))
    finally:
        stop(process)


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=5).status_code in (200, 503)
    except httpx.HTTPError:
        return False


# --- r2-9: a TA takes the course over, or makes accounts ---------------------------------------------------


@pytest.fixture
def ds101(api):
    build_course(api)
    return api


def test_a_ta_cannot_demote_an_instructor_by_adding_them_again_as_a_student(ds101):
    api = ds101
    response = api.client.post(
        "/api/v1/courses/ds101/members", json={"name": "teacher", "role": "student"}, headers=api.auth("tia")
    )
    assert response.status_code == 403, response.text
    roster = "name,email,role\nteacher,,student\n"
    response = api.client.post(
        "/api/v1/courses/ds101/roster", content=roster, headers={**api.auth("tia"), "Content-Type": "text/csv"}
    )
    assert response.status_code == 403, response.text
    members = api.client.get("/api/v1/courses/ds101/members", headers=api.auth("teacher")).json()
    assert {m["name"]: m["role"] for m in members}["teacher"] == "instructor"


def test_a_ta_cannot_deactivate_an_instructor_and_nobody_leaves_a_course_without_one(ds101):
    api = ds101
    patch = {"active": False}
    assert (
        api.client.patch("/api/v1/courses/ds101/members/teacher", json=patch, headers=api.auth("tia")).status_code
        == 403
    )
    # The last active instructor cannot go either, not even by their own hand.
    response = api.client.patch("/api/v1/courses/ds101/members/teacher", json=patch, headers=api.auth("teacher"))
    assert response.status_code == 422 and "no active instructor" in response.json()["detail"]
    response = api.client.delete("/api/v1/courses/ds101/members/teacher", headers=api.auth("admin"))
    assert response.status_code == 422
    response = api.client.post(
        "/api/v1/courses/ds101/members", json={"name": "teacher", "role": "ta"}, headers=api.auth("teacher")
    )
    assert response.status_code == 422  # demoting the last instructor: the same refusal


def test_no_role_below_admin_creates_accounts(ds101):
    api = ds101
    for who in ("teacher", "tia", "ann"):
        assert api.client.post("/api/v1/users", json={"name": f"sock-{who}"}, headers=api.auth(who)).status_code == 403
    # A TA adds people who have an account; one who has none is for an instructor to add.
    new = api.client.post("/api/v1/courses/ds101/members", json={"name": "sock-puppet"}, headers=api.auth("tia"))
    assert new.status_code == 403
    assert (
        api.client.post("/api/v1/courses/ds101/members", json={"name": "carl"}, headers=api.auth("tia")).status_code
        == 201
    )
    assert (
        api.client.post(
            "/api/v1/courses/ds101/members", json={"name": "newbie"}, headers=api.auth("teacher")
        ).status_code
        == 201
    )


# --- r2-10: rejudges cost a quota, and nobody applies their own -------------------------------------------


def with_week_1(api):
    """ds101, with add-canary released in its assignment week-1: submissions to it are the course's."""
    build_course(api)
    now = dt.datetime.now(dt.timezone.utc)
    week1 = {
        "slug": "week-1",
        "title": "w1",
        "release_at": (now - dt.timedelta(hours=1)).isoformat(),
        "due_at": (now + dt.timedelta(days=2)).isoformat(),
        "problems": [{"problem": "add-canary", "points": 10}],
    }
    api.client.put(
        "/api/v1/courses/ds101/assignments/week-1", json=week1, headers=api.auth("teacher")
    ).raise_for_status()
    return api


def test_rejudges_count_against_a_quota(api_factory):
    api = with_week_1(api_factory(rejudged_submissions_per_hour=3))
    for _ in range(4):
        api.submit("ann")
    _finish_all(api)
    response = api.client.post("/api/v1/rejudges", json={"course": "ds101"}, headers=api.auth("tia"))
    assert response.status_code == 429, response.text  # four submissions at once: over the hour's three
    page = api.client.get("/api/v1/submissions", params={"user": "ann"}, headers=api.auth("tia")).json()
    ids = [s["id"] for s in page["items"]]
    statuses = [
        api.client.post("/api/v1/rejudges", json={"submission": i}, headers=api.auth("tia")).status_code for i in ids
    ]
    assert statuses == [201, 201, 201, 429], statuses


def test_nobody_applies_a_rejudge_of_their_own_submission(api):
    from judge.service import rejudges

    with_week_1(api)
    mine = api.submit("tia")["id"]
    _finish_all(api, verdict="wrong_answer")
    report = api.client.post("/api/v1/rejudges", json={"submission": mine}, headers=api.auth("tia")).json()
    _judge_rejudge_items(api, verdict="accepted")
    applied = api.client.post(f"/api/v1/rejudges/{report['id']}/apply", headers=api.auth("tia"))
    assert applied.status_code == 200, applied.text
    after = api.client.get(f"/api/v1/submissions/{mine}", headers=api.auth("tia")).json()
    assert after["verdict"] == "wrong_answer"  # the re-rolled verdict was not applied by its author
    assert rejudges  # the module whose settle() skips them


def _finish_all(api, verdict: str = "wrong_answer") -> None:
    from judge.service.judging import store_result
    from tests.judge.api.conftest import public_result
    from judge.verdicts import Verdict

    for submission_id in list(api.enqueued):
        store_result(api.services, submission_id, public_result(verdict=Verdict(verdict)))
    api.enqueued.clear()


def _judge_rejudge_items(api, verdict: str) -> None:
    from judge.service import rejudges

    for item_id in list(api.rejudged):
        rejudges.run_item(api.services, item_id)
    api.rejudged.clear()


# --- the low findings ---------------------------------------------------------------------------------------


def test_a_wrong_language_or_assignment_does_not_confirm_a_problem_in_an_unreleased_assignment(ds101):
    api = ds101
    week2 = {
        "slug": "week-2",
        "title": "w2",
        "release_at": (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).isoformat(),
        "due_at": (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)).isoformat(),
        "problems": [{"problem": "plays-per-user", "points": 10}],
        "private": True,  # its problem is the course's alone: not in the open bank (the visibility rule)
    }
    api.client.put(
        "/api/v1/courses/ds101/assignments/week-2", json=week2, headers=api.auth("teacher")
    ).raise_for_status()
    probes = [
        {"problem": "plays-per-user", "source": "x", "language": "cobol"},
        {"problem": "plays-per-user", "source": "SELECT 1", "dialect": "klingon"},
        {"problem": "plays-per-user", "source": "SELECT 1", "assignment": "ds101/bogus"},
    ]
    for probe in probes:
        hidden = api.client.post("/api/v1/submissions", json=probe, headers=api.auth("ann"))
        missing = api.client.post(
            "/api/v1/submissions", json={**probe, "problem": "no-such-problem"}, headers=api.auth("ann")
        )
        assert (hidden.status_code, hidden.json()["detail"].replace("plays-per-user", "X")) == (
            missing.status_code,
            missing.json()["detail"].replace("no-such-problem", "X"),
        ), probe


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",
        "64:ff9b:1::a00:1",
        "::7f00:1",
        "::a9fe:a9fe",
        "::ffff:127.0.0.1",
        "2002:7f00:1::1",
        "100.64.0.1",
    ],
)
def test_webhook_targets_in_every_special_range_are_refused(address, monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET6, 1, 6, "", (address, 443, 0, 0))])
    with pytest.raises(InvalidRequest, match="not a public address"):
        webhooks.check_callback("https://hooks.example.com/x", allow_private=False)


def test_a_webhook_goes_to_the_address_that_was_checked(monkeypatch):
    # A resolver that answers a public address to the check and loopback to the call (DNS rebinding).
    answers = iter(["93.184.216.34", "127.0.0.1"])
    looked_up: list[str] = []

    def resolve(host, *args, **kwargs):
        looked_up.append(next(answers))
        return [(socket.AF_INET, 1, 6, "", (looked_up[-1], 443))]

    sent: list[httpx.Request] = []

    def post(url, **kwargs):  # judge.service.webhooks._post, as the engine would see it
        sent.append(httpx.Request("POST", url, headers=kwargs["headers"], extensions=kwargs.get("extensions", {})))
        return httpx.Response(204)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(webhooks, "_post", post)
    assert webhooks.deliver("https://hooks.example.com/x", "s", {"id": "1"}, allow_private=False) == 204
    assert looked_up == ["93.184.216.34"]  # resolved once
    (request,) = sent
    assert request.url.host == "93.184.216.34" and request.headers["host"] == "hooks.example.com"
    assert request.extensions["sni_hostname"] == "hooks.example.com"


def test_datetimes_keep_their_offsets_on_sqlite(api):
    # A token meant to expire in 60 s, its expiry written at +10:00, must not work 75 s later (it did, for
    # 10 hours less the offset's worth, when SQLite dropped the offset).
    plus_ten = dt.timezone(dt.timedelta(hours=10))
    expires = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=60)).astimezone(plus_ten)
    created = api.client.post(
        "/api/v1/tokens", json={"name": "short", "expires_at": expires.isoformat()}, headers=api.auth("alice")
    ).json()
    later = {"Authorization": f"Bearer {created['token']}"}
    assert api.client.get("/api/v1/tokens", headers=later).status_code == 200
    with api.services.sessions() as session:  # 75 s on: the expiry is 15 s ago, still written at +10:00
        row = session.get(ApiToken, created["id"])
        row.expires_at = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=15)).astimezone(plus_ten)
        session.commit()
    assert api.client.get("/api/v1/tokens", headers=later).status_code == 401


@pytest.mark.parametrize("database", ["postgresql", "sqlite"])
def test_the_pending_limit_holds_under_concurrent_posts(database, request, tmp_path, settings):
    # Twelve POSTs at once against a limit of ten: all twelve were accepted, each having counted nine.
    from concurrent.futures import ThreadPoolExecutor

    from judge.core import Judge
    from judge.db.session import make_engine, make_sessionmaker, upgrade
    from judge.errors import TooManyRequests
    from judge.problems.registry import DirectoryRegistry
    from judge.service.quotas import Quota
    from judge.service.services import Services
    from judge.service.users import create_user
    from tests.conftest import FIXTURES, submit_as

    url = request.getfixturevalue("postgres_url") if database == "postgresql" else f"sqlite:///{tmp_path / 'j.db'}"
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in ("submission_results", "submissions", "api_tokens", "memberships", "users"):
            connection.exec_driver_sql(f"DELETE FROM {table}")
    tuned = settings.model_copy(
        update={"max_pending_submissions": 10, "submissions_per_minute": 1000, "rate_limit_storage": "memory://"}
    )
    services = Services(
        settings=tuned,
        sessions=make_sessionmaker(engine),
        registry=DirectoryRegistry.load(FIXTURES),
        judge=Judge(tuned),
        quota=Quota(tuned),
    )
    with services.sessions() as session:
        user, _ = create_user(session, "racer", Role.STUDENT)
        session.expunge(user)

    def post(_: int) -> str:
        try:
            submit_as(services, user, "add-canary", None, None, "def solve(a, b):\n    return a + b\n", lambda _: None)
            return "accepted"
        except TooManyRequests:
            return "refused"

    with ThreadPoolExecutor(12) as pool:
        outcomes = list(pool.map(post, range(12)))
    assert outcomes.count("accepted") <= 10, outcomes
    assert outcomes.count("accepted") >= 1
    engine.dispose()
