"""Hostile submissions through the whole service: the real API, a Celery worker, Redis and the sandbox.

Whatever the attack, no request gets a 5xx, what is stored and returned stays small, and a listing of the
attacker's submissions is a page of summaries.
"""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import FIXTURES
from tests.hostile.test_attacks import ATTACKS, headers
from tests.judge.service.conftest import ADMIN_TOKEN

pytestmark = [pytest.mark.sandbox, pytest.mark.service]
THROUGH_THE_API = [
    "huge_exception_message.py",
    "print_a_flood.py",
    "forged_internal_error.py",
    "hidden_inputs_in_a_message.py",
    "malformed_metric_output.py",
    "not_a_number.py",
]
RESPONSE_CAP_BYTES = 256 * 1024


@pytest.fixture
def problems_dir():
    return FIXTURES


def _ok(response: httpx.Response) -> dict:
    assert response.status_code < 500, f"{response.request.url}: {response.status_code} {response.text[:500]}"
    assert response.status_code < 400, response.text[:500]
    return response.json()


def test_attacks_through_the_service_get_no_5xx_and_stay_small(docker_ready, api_server, workers):
    workers.start("hostile")
    with httpx.Client(base_url=api_server, timeout=120) as client:
        client.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
        token = _ok(client.post("/api/v1/users", json={"name": "attacker", "role": "student"}))["token"]
        client.headers["Authorization"] = f"Bearer {token}"
        sent = {}
        for name in THROUGH_THE_API:
            header = headers(ATTACKS / name)
            body = {"problem": header["problem"], "source": (ATTACKS / name).read_text()}
            sent[name] = (_ok(client.post("/api/v1/submissions", json=body))["id"], header["expect"])
        for name, (submission_id, expect) in sent.items():
            view = None
            for _ in range(20):
                response = client.get(f"/api/v1/submissions/{submission_id}", params={"wait": 30})
                view = _ok(response)
                if view["status"] == "finished":
                    break
            assert view["status"] == "finished", name
            assert view["verdict"] == expect, (name, view.get("message"))
            assert len(response.content) <= RESPONSE_CAP_BYTES, (name, len(response.content))
            assert "HIDDEN-INPUT-7d1c" not in response.text and "forged by the submission" not in response.text
        page = client.get("/api/v1/submissions", params={"limit": 200})
        assert len(_ok(page)["items"]) == len(THROUGH_THE_API)
        assert len(page.content) < 32 * 1024  # summaries only
