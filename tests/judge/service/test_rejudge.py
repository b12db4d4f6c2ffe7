"""Rejudging, end to end: a problem's test is fixed, its submissions are judged again, the report names exactly the
ones whose verdict changed, and live submissions sent meanwhile are judged first (issue 13)."""

from __future__ import annotations

import json
import shutil

import httpx
import pytest
from sqlalchemy import select

from judge.db.models import RejudgeItem, Submission
from tests.conftest import FIXTURES
from tests.judge.service.conftest import ADMIN_TOKEN

pytestmark = [pytest.mark.sandbox, pytest.mark.service]
REFERENCE = (FIXTURES / "add-canary" / "solutions" / "reference.py").read_text()
WRONG = (FIXTURES / "add-canary" / "solutions" / "wrong.py").read_text()


@pytest.fixture
def problems_dir(tmp_path):
    copy = tmp_path / "problems"
    shutil.copytree(FIXTURES, copy)
    return copy


def wait(client: httpx.Client, submission_id: str) -> dict:
    view = client.get(f"/api/v1/submissions/{submission_id}", params={"wait": 60}).json()
    while view["status"] != "finished":
        view = client.get(f"/api/v1/submissions/{submission_id}", params={"wait": 60}).json()
    return view


def test_a_fixed_test_is_rejudged_with_a_diff_and_live_submissions_go_first(
    docker_ready, api_server, workers, problems_dir, services
):
    workers.start("rejudger")
    with httpx.Client(base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        # A student's submissions: nobody applies a rejudge to their own (round two, finding 10).
        sam = {"Authorization": f"Bearer {client.post('/api/v1/users', json={'name': 'sam'}).json()['token']}"}

        def submit(source: str) -> str:
            return client.post(
                "/api/v1/submissions", json={"problem": "add-canary", "source": source}, headers=sam
            ).json()["id"]

        right = [submit(REFERENCE) for _ in range(3)]
        wrong = [submit(WRONG) for _ in range(2)]
        assert [wait(client, s)["verdict"] for s in right + wrong] == ["accepted"] * 3 + ["wrong_answer"] * 2

        # The author "fixes" hidden/01: 7 + 7 is now expected to be 15. The right solutions stop being right;
        # the wrong ones stay wrong with the same score (they failed that test already).
        test_file = problems_dir / "add-canary" / "data" / "hidden" / "01.json"
        test_file.write_text(json.dumps({"args": [7, 7], "expected": 15}))
        synced = client.post("/api/v1/problems/sync").json()["problems"]
        fixed = next(o for o in synced if o["slug"] == "add-canary")
        assert fixed["outcome"] == "updated"
        started = client.post("/api/v1/rejudges", json={"problem": "add-canary"})
        assert started.status_code == 201, started.text
        rejudge = started.json()
        assert rejudge["submissions"] == 5 and rejudge["state"] == "open"
        live = client.post("/api/v1/submissions", json={"problem": "add-canary", "source": REFERENCE}).json()["id"]
        wait(client, live)
        report = client.get(f"/api/v1/rejudges/{rejudge['id']}").json()
        while report["judged"] < 5:
            report = client.get(f"/api/v1/rejudges/{rejudge['id']}").json()
        assert {c["submission"] for c in report["changed"]} == set(right)
        assert all(
            c["before"]["verdict"] == "accepted"
            and c["after"]["verdict"] == "wrong_answer"
            and c["after"]["problem_version"] == fixed["version"]
            for c in report["changed"]
        )

        # Nothing changed until applied; then the old result is kept beside the new.
        assert wait(client, right[0])["verdict"] == "accepted"
        applied = client.post(f"/api/v1/rejudges/{rejudge['id']}/apply").json()
        assert applied["state"] == "applied"
        assert (
            wait(client, right[0])["verdict"] == "wrong_answer" and wait(client, wrong[0])["verdict"] == "wrong_answer"
        )
        history = client.get(f"/api/v1/submissions/{right[0]}/results").json()
        assert [(h["current"], h["result"]["verdict"]) for h in history] == [
            (False, "accepted"),
            (True, "wrong_answer"),
        ]
        assert [h["result"]["problem_version"] for h in history] == [fixed["previous"], fixed["version"]]
        assert wait(client, right[0])["problem_version"] == fixed["version"]
        assert wait(client, wrong[0])["problem_version"] == fixed["previous"]  # unchanged: its result is the old one
        assert client.post(f"/api/v1/rejudges/{rejudge['id']}/discard").status_code == 422  # settled already

    # The live submission was judged before the rejudge had finished: it did not wait behind five judgings.
    with services.sessions() as session:
        live_finished = session.get(Submission, live).finished_at
        items = session.scalars(select(RejudgeItem).where(RejudgeItem.rejudge_id == rejudge["id"])).all()
    assert live_finished < max(item.finished_at for item in items)
