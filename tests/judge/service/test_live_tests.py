"""Each test's result reaches the event stream while the submission is still being judged, through the real
API, a real Celery worker, Redis and the sandbox; what it shows is what the results page shows the reader."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.judge.service.conftest import ADMIN_TOKEN

pytestmark = pytest.mark.sandbox

# Correct, and slow (0.6 s a test), so the stream sees the run in progress.
SLOW = (
    "import time\n"
    "def solve(a, b):\n"
    "    time.sleep(0.6)\n"
    "    return 'CANARY-' + '9f4c2e1d-hidden-answer' if a == 'secret' else a + b\n"
)


def _events(text: str) -> list[tuple[str, dict]]:
    blocks = [dict(line.split(": ", 1) for line in block.splitlines()) for block in text.strip().split("\n\n")]
    # The first block is the stream's `retry:` line for browsers (how soon to reconnect), not an event.
    return [(block["event"], json.loads(block["data"])) for block in blocks if "event" in block]


def test_tests_stream_before_the_result_as_the_result_names_them(api_server, workers):
    workers.start("live")
    with httpx.Client(base_url=api_server, timeout=120) as admin:
        admin.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
        token = admin.post("/api/v1/users", json={"name": "streamer"}).json()["token"]
    with httpx.Client(base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {token}"}) as client:
        submission = client.post("/api/v1/submissions", json={"problem": "add-canary", "source": SLOW}).json()
        with client.stream("GET", f"/api/v1/submissions/{submission['id']}/events") as stream:
            events = _events("".join(stream.iter_text()))
        final = client.get(f"/api/v1/submissions/{submission['id']}").json()
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "result" and "test" in kinds, kinds
    streamed = [data for kind, data in events if kind == "test"]
    assert kinds.index("test") < kinds.index("result")
    # Every test the stream sent is the one the results page shows, name and verdict alike: a hidden test
    # by group and number to its author, never with feedback.
    shown = {t["name"]: t for t in final["result"]["tests"]}
    for test in streamed:
        assert test["name"] in shown and test["verdict"] == shown[test["name"]]["verdict"], test
        assert test["visibility"] == "public" or "feedback" not in test
    assert any(t["visibility"] == "hidden" and "#" in t["name"] for t in streamed), streamed
    assert final["verdict"] == "accepted"
