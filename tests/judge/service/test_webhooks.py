"""A signed webhook, received by a local HTTP server the test starts, once the worker stored the result (issue 13)."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
import pytest

from tests.conftest import FIXTURES
from tests.judge.service.conftest import ADMIN_TOKEN, open_week_1

pytestmark = [pytest.mark.sandbox, pytest.mark.service]
REFERENCE = (FIXTURES / "add-canary" / "solutions" / "reference.py").read_text()


@pytest.fixture
def service_env(service_env):
    return {**service_env, "JUDGE_WEBHOOK_ALLOW_PRIVATE": "true"}  # the receiver is on loopback


def test_the_result_arrives_signed_at_the_callback(docker_ready, api_server, workers, receiver):
    url, received, arrived = receiver
    workers.start("hooks")
    with httpx.Client(base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        made = client.post(
            "/api/v1/submissions", json={"problem": "add-canary", "source": REFERENCE, "callback_url": url}
        )
        assert made.status_code == 201, made.text
        secret = client.get("/api/v1/webhooks/secret").json()["secret"]
    assert arrived.wait(90), "no webhook arrived"
    headers, body = received[0]
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["x-judge-signature"], expected)
    payload = json.loads(body)
    assert (payload["id"], payload["verdict"], payload["score"]) == (made.json()["id"], "accepted", 100.0)
    assert payload["result"]["tests"] and headers["x-judge-event"] == "submission.finished"
    assert "CANARY" not in body.decode()  # the candidate's view: no hidden feedback


def test_a_courses_webhook_gets_its_submissions_signed_with_the_courses_secret(
    docker_ready, api_server, workers, receiver
):
    import time

    url, received, _ = receiver
    workers.start("course-hooks")
    with httpx.Client(base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as admin:
        sam = open_week_1(admin, "ds101", "DS", "sam")
        settings = admin.put("/api/v1/courses/ds101/settings", json={"webhook_url": url + "/course"})
        assert settings.status_code == 200, settings.text
        course_secret = admin.get("/api/v1/courses/ds101/webhook-secret").json()["secret"]
    with httpx.Client(base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {sam}"}) as client:
        made = client.post(
            "/api/v1/submissions", json={"problem": "add-canary", "source": REFERENCE, "callback_url": url + "/own"}
        ).json()
        own_secret = client.get("/api/v1/webhooks/secret").json()["secret"]
    deadline = time.monotonic() + 90
    while len(received) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(received) == 2, received
    assert {json.loads(body)["id"] for _, body in received} == {made["id"]}

    def signed_with(secret: str, headers: dict, body: bytes) -> bool:
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(headers["x-judge-signature"], expected)

    # One is signed with the student's secret, the other with the course's, which differ.
    assert own_secret != course_secret
    assert sorted(signed_with(own_secret, *r) for r in received) == [False, True]
    assert sorted(signed_with(course_secret, *r) for r in received) == [False, True]
    # The student's own callback gets the student's view: hidden tests by group and number; the course's, names.
    for headers, body in received:
        names = [t["name"] for t in json.loads(body)["result"]["tests"] if t["visibility"] == "hidden"]
        staff = signed_with(course_secret, headers, body)
        assert names == (["hidden/01", "hidden/02-canary"] if staff else ["hidden #1", "hidden #2"]), names
