"""`judge worker`: a worker on any host, from the command line, beside one started as Celery itself (issue 13).

Each has a problem cache of its own and no problems directory, as on two hosts: both fetch the version they
judge from the database.
"""

from __future__ import annotations

import json
import sys

import httpx
import pytest
from sqlalchemy import select

from judge.db.models import Submission
from judge.format.content import tree_hash

from tests.conftest import FIXTURES
from tests.judge.service.conftest import ADMIN_TOKEN, NO_PROBLEMS_DIR
from tests.processes import start, stop, wait_until

pytestmark = [pytest.mark.sandbox, pytest.mark.service]
REFERENCE = (FIXTURES / "add-canary" / "solutions" / "reference.py").read_text()


def test_judge_worker_judges_beside_another_worker(docker_ready, api_server, workers, service_env, tmp_path, services):
    caches = {name: tmp_path / f"cache-{name}" for name in ("celery", "cli")}
    workers.start("celery-one", {"JUDGE_CACHE_DIR": str(caches["celery"])})
    process = start(
        [sys.executable, "-m", "judge.cli", "worker", "--concurrency", "1", "--name", "cli@%h"],
        {
            **service_env,
            "JUDGE_LOG_FORMAT": "json",
            "JUDGE_CACHE_DIR": str(caches["cli"]),
            "JUDGE_PROBLEMS_DIR": NO_PROBLEMS_DIR,
        },
        tmp_path / "judge-worker.log",
    )
    try:
        with httpx.Client(
            base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
        ) as client:
            wait_until(lambda: client.get("/healthz").json().get("workers") == 2, 60, "both workers to answer")
            ids = [
                client.post("/api/v1/submissions", json={"problem": "add-canary", "source": REFERENCE}).json()["id"]
                for _ in range(6)
            ]
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
        # Each worker holds one token of the fair queue at a time (prefetch 1): with six waiting, the command's worker
        # judges too.
        assert "cli@" in log and "Task judge.next[" in log and "succeeded" in log, log[-3000:]
        # Its logs are JSON lines that say which submission each is about.
        lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
        judged = {line["submission_id"] for line in lines if line.get("message") == "judging"}
        assert judged and judged <= set(ids)
        # Both judged, each from the version it unpacked into its own cache.
        with services.sessions() as session:
            by = {row.worker for row in session.scalars(select(Submission).where(Submission.id.in_(ids)))}
        assert len(by) == 2, by
        version = tree_hash(FIXTURES / "add-canary")
        assert {v["problem_version"] for v in views} == {version}
        for cache in caches.values():
            assert (cache / "problems" / version / "add-canary" / "problem.yaml").is_file(), list(cache.rglob("*"))[:20]
    finally:
        stop(process)
