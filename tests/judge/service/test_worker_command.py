"""`judge worker`: a worker on any host, from the command line, beside one started as Celery itself (issue 13)."""

from __future__ import annotations

import json
import sys

import httpx
import pytest

from tests.conftest import FIXTURES
from tests.judge.service.conftest import ADMIN_TOKEN
from tests.processes import start, stop, wait_until

pytestmark = [pytest.mark.sandbox, pytest.mark.service]
REFERENCE = (FIXTURES / "add-canary" / "solutions" / "reference.py").read_text()


def test_judge_worker_judges_beside_another_worker(docker_ready, api_server, workers, service_env, tmp_path):
    workers.start("celery-one")
    process = start([sys.executable, "-m", "judge.cli", "worker", "--concurrency", "1", "--name", "cli@%h"],
                    {**service_env, "JUDGE_LOG_FORMAT": "json"}, tmp_path / "judge-worker.log")
    try:
        with httpx.Client(base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
            wait_until(lambda: client.get("/healthz").json().get("workers") == 2, 60, "both workers to answer")
            ids = [client.post("/api/v1/submissions", json={"problem": "add-canary", "source": REFERENCE}).json()["id"]
                   for _ in range(6)]
            views = []
            for submission_id in ids:
                view = client.get(f"/api/v1/submissions/{submission_id}", params={"wait": 60}).json()
                while view["status"] != "finished":
                    view = client.get(f"/api/v1/submissions/{submission_id}", params={"wait": 60}).json()
                views.append(view)
            metrics = client.get("/metrics").text  # after judging, the counters have moved
        assert {v["verdict"] for v in views} == {"accepted"}
        assert 'judge_judgings_total{verdict="accepted"} 6.0' in metrics, metrics[-3000:]
        assert "judge_judge_seconds_count 6.0" in metrics
        log = (tmp_path / "judge-worker.log").read_text(errors="replace")
        # Each worker holds one message at a time (prefetch 1): with six waiting, the command's worker judges too.
        assert "cli@" in log and "Task judge.submission[" in log and "succeeded" in log, log[-3000:]
        # Its logs are JSON lines that say which submission each is about.
        lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
        judged = {line["submission_id"] for line in lines if line.get("message") == "judging"}
        assert judged and judged <= set(ids)
    finally:
        stop(process)
