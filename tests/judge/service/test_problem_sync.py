"""Problems as versioned data (issue 13): a problem added to a running API and worker goes live on
`judge problems sync`, a broken edit is refused with every fault while the old version keeps judging, and a
submission is judged against the version it was accepted with."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import httpx
import pytest
from sqlalchemy import select

from judge.db.models import Submission
from judge.format.content import tree_hash
from tests.conftest import FIXTURES
from tests.judge.service.conftest import ADMIN_TOKEN

pytestmark = [pytest.mark.sandbox, pytest.mark.service]
REFERENCE = (FIXTURES / "add-canary" / "solutions" / "reference.py").read_text()


@pytest.fixture
def problems_dir(tmp_path):
    """The fixtures without add-canary: the test adds it while everything runs."""
    copy = tmp_path / "problems"
    shutil.copytree(FIXTURES, copy, ignore=shutil.ignore_patterns("add-canary"))
    return copy


def judge_sync(api_server: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "judge.cli", "problems", "sync", "--server", api_server, "--token", ADMIN_TOKEN],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


def finished(client: httpx.Client, submission_id: str) -> dict:
    view = client.get(f"/api/v1/submissions/{submission_id}", params={"wait": 60}).json()
    while view["status"] != "finished":
        view = client.get(f"/api/v1/submissions/{submission_id}", params={"wait": 60}).json()
    return view


def test_a_problem_added_to_a_running_stack_goes_live_on_sync(docker_ready, api_server, workers, problems_dir):
    workers.start("live")
    with httpx.Client(base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        assert "add-canary" not in [p["slug"] for p in client.get("/api/v1/problems").json()]
        assert (
            client.post("/api/v1/submissions", json={"problem": "add-canary", "source": REFERENCE}).status_code == 404
        )

        shutil.copytree(FIXTURES / "add-canary", problems_dir / "add-canary")
        synced = judge_sync(api_server)
        assert synced.returncode == 0, synced.stdout + synced.stderr
        assert "add-canary" in synced.stdout and "new" in synced.stdout
        first = tree_hash(problems_dir / "add-canary")
        listed = {p["slug"]: p["version"] for p in client.get("/api/v1/problems").json()}
        assert listed["add-canary"] == first
        made = client.post("/api/v1/submissions", json={"problem": "add-canary", "source": REFERENCE}).json()
        view = finished(client, made["id"])
        assert view["verdict"] == "accepted" and view["problem_version"] == first

        # A broken edit: two faults at once. Both are reported, and the version before keeps judging.
        spec = problems_dir / "add-canary" / "problem.yaml"
        good_spec = spec.read_text()
        spec.write_text(
            good_spec.replace("kind: python-function", "kind: python-function\ncolour: red").replace(
                "reference: solutions/reference.py", "reference: solutions/missing.py"
            )
        )
        refused = judge_sync(api_server)
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "refused" in refused.stdout
        assert "colour" in refused.stderr and "missing.py" in refused.stderr, refused.stderr
        assert {p["slug"]: p["version"] for p in client.get("/api/v1/problems").json()}["add-canary"] == first
        again = finished(
            client, client.post("/api/v1/submissions", json={"problem": "add-canary", "source": REFERENCE}).json()["id"]
        )
        assert again["verdict"] == "accepted" and again["problem_version"] == first

        # A good edit publishes a second version; both are kept, the new one offered.
        spec.write_text(good_spec)
        (problems_dir / "add-canary" / "data" / "hidden" / "01.json").write_text(
            json.dumps({"args": [7, 7], "expected": 15})
        )
        report = client.post("/api/v1/problems/sync").json()["problems"]
        outcome = next(o for o in report if o["slug"] == "add-canary")
        second = tree_hash(problems_dir / "add-canary")
        assert (outcome["outcome"], outcome["previous"], outcome["version"]) == ("updated", first, second)
        assert {o["outcome"] for o in report if o["slug"] != "add-canary"} == {"unchanged"}
        versions = client.get("/api/v1/problems/add-canary/versions").json()
        assert [(v["version"], v["published"]) for v in versions] == [(second, True), (first, False)]
        changed = finished(
            client, client.post("/api/v1/submissions", json={"problem": "add-canary", "source": REFERENCE}).json()["id"]
        )
        assert changed["problem_version"] == second and changed["verdict"] == "wrong_answer"


def test_a_submission_is_judged_against_the_version_it_was_accepted_with(
    docker_ready, api_server, workers, problems_dir, services
):
    shutil.copytree(FIXTURES / "add-canary", problems_dir / "add-canary")
    with httpx.Client(base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        assert client.post("/api/v1/problems/sync").status_code == 200
        first = tree_hash(problems_dir / "add-canary")
        # Accepted while no worker runs; then the problem changes so that the same source would fail it.
        waiting = client.post("/api/v1/submissions", json={"problem": "add-canary", "source": REFERENCE}).json()
        (problems_dir / "add-canary" / "data" / "hidden" / "01.json").write_text(
            json.dumps({"args": [7, 7], "expected": 15})
        )
        assert client.post("/api/v1/problems/sync").status_code == 200
        workers.start("late")
        view = finished(client, waiting["id"])
    assert view["verdict"] == "accepted" and view["problem_version"] == first
    with services.sessions() as session:
        assert session.scalar(select(Submission.problem_version).where(Submission.id == waiting["id"])) == first


def test_sync_is_for_admins_and_reports_a_missing_directory(api_server, problems_dir):
    student = httpx.post(
        f"{api_server}/api/v1/users", json={"name": "sam"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    ).json()["token"]
    denied = httpx.post(f"{api_server}/api/v1/problems/sync", headers={"Authorization": f"Bearer {student}"})
    assert denied.status_code == 403
    shutil.rmtree(problems_dir)
    gone = httpx.post(f"{api_server}/api/v1/problems/sync", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert gone.status_code == 422 and "does not exist" in gone.json()["detail"]
    # Nothing published is lost with the directory: the problems are still offered.
    listed = httpx.get(f"{api_server}/api/v1/problems", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    assert "plays-per-user" in [p["slug"] for p in listed]


def test_a_problem_whose_outputs_come_from_its_reference_is_published_once_a_worker_derived_them(
    docker_ready, api_server, workers, problems_dir
):
    """The API has no sandbox: the sync stores the version and reports it pending; a worker runs the reference
    in the sandbox and publishes it. A reference that fails refuses the version, with the reason."""
    workers.start("publisher")
    added = problems_dir / "plays-per-user-2"
    shutil.copytree(problems_dir / "plays-per-user", added)
    spec = added / "problem.yaml"
    spec.write_text(spec.read_text().replace("slug: plays-per-user", "slug: plays-per-user-2"))
    synced = judge_sync(api_server)  # waits for what is pending
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "plays-per-user-2" in synced.stdout and "new" in synced.stdout, synced.stdout
    version = tree_hash(added)
    with httpx.Client(base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        versions = client.get("/api/v1/problems/plays-per-user-2/versions").json()
        assert [(v["version"], v["state"]) for v in versions] == [(version, "published")]
        reference = (added / "solutions" / "reference.sql").read_text()
        made = client.post(
            "/api/v1/submissions", json={"problem": "plays-per-user-2", "language": "sql", "source": reference}
        ).json()
        assert finished(client, made["id"])["verdict"] == "accepted"

        (added / "solutions" / "reference.sql").write_text("SELECT no_such_column FROM plays")
        refused = judge_sync(api_server)
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "refused" in refused.stdout and "no_such_column" in refused.stderr, refused.stdout + refused.stderr
        states = {
            v["version"]: (v["state"], v["refused"])
            for v in client.get("/api/v1/problems/plays-per-user-2/versions").json()
        }
        assert states[version] == ("published", None)
        assert states[tree_hash(added)][0] == "refused" and "no_such_column" in states[tree_hash(added)][1]
