"""A run on the examples before submitting (issue 22): the real API, a Celery worker, Redis and the sandbox.

A run is judged on the public tests alone and is never graded: not in the gradebook, the statistics, a
rejudge or the course's webhook, while the graded submission beside it is in all of them.
"""

from __future__ import annotations

import csv
import io
import json
import time

import httpx
import pytest

from tests.conftest import FIXTURES
from tests.judge.service.conftest import ADMIN_TOKEN, open_week_1

pytestmark = [pytest.mark.sandbox, pytest.mark.service]
WRONG = (FIXTURES / "add-canary" / "solutions" / "wrong.py").read_text()  # passes the examples only: 20 of 100


@pytest.fixture
def service_env(service_env):
    return {**service_env, "JUDGE_WEBHOOK_ALLOW_PRIVATE": "true"}  # the course's webhook is on loopback


def finished(client: httpx.Client, submission_id: str) -> dict:
    for _ in range(5):
        view = client.get(f"/api/v1/submissions/{submission_id}", params={"wait": 60}).json()
        if view["status"] == "finished":
            return view
    raise AssertionError(f"{submission_id} is still {view['status']}")


def test_a_run_is_judged_on_the_examples_and_never_graded(docker_ready, api_server, workers, receiver):
    url, received, _ = receiver
    workers.start("runs")
    with httpx.Client(base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as admin:
        token = open_week_1(admin, "runs", "Runs", "rhea")
        admin.put("/api/v1/courses/runs/settings", json={"webhook_url": url}).raise_for_status()
        with httpx.Client(base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {token}"}) as rhea:
            body = {"problem": "add-canary", "source": WRONG}
            run = rhea.post("/api/v1/submissions", json={**body, "examples_only": True})
            assert run.status_code == 201, run.text
            graded = rhea.post("/api/v1/submissions", json=body).json()
            run_view, graded_view = finished(rhea, run.json()["id"]), finished(rhea, graded["id"])

            # The run: the public examples alone, every one passed. The graded one: 20, for the same source.
            tests = run_view["result"]["tests"]
            assert [t["name"] for t in tests] == ["examples/01", "examples/02"]
            assert all(t["visibility"] == "public" and t["verdict"] == "accepted" for t in tests)
            assert (run_view["examples_only"], run_view["verdict"], run_view["score"]) == (True, "accepted", 100.0)
            assert (graded_view["examples_only"], graded_view["score"]) == (False, 20.0)
            assert any(t["visibility"] == "hidden" for t in graded_view["result"]["tests"])
            listed = {s["id"]: s["examples_only"] for s in rhea.get("/api/v1/submissions").json()["items"]}
            assert listed == {run_view["id"]: True, graded["id"]: False}
            mine = rhea.get("/api/v1/courses/runs/grades/me").json()
            assert mine["assignments"][0]["problems"][0]["attempts"] == 1

        # Graded: the submission's 20 of 100, 2 of 10 points; the run's 100 counts for nothing.
        rows = list(csv.reader(io.StringIO(admin.get("/api/v1/courses/runs/gradebook.csv").text)))
        assert rows[1][:3] == ["rhea", "", "2"]
        (stats,) = admin.get("/api/v1/courses/runs/assignments/week-1/stats").json()
        assert (stats["attempts"], stats["verdicts"]) == (1, {"wrong_answer": 1})
        assert stats["failing_hidden_groups"] == {"hidden": 1}
        rejudge = admin.post("/api/v1/rejudges", json={"course": "runs"})
        assert rejudge.status_code == 201, rejudge.text
        assert rejudge.json()["submissions"] == 1  # the graded one alone
        one = admin.post("/api/v1/rejudges", json={"submission": run_view["id"]})
        assert one.status_code == 404  # a run holds no grade to correct

    # The course's webhook hears of the graded submission only.
    deadline = time.monotonic() + 30
    while not received and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)  # a webhook for the run, had one been sent, would be in by now too
    assert [json.loads(body)["id"] for _, body in received] == [graded["id"]]
