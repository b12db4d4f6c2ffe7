"""Over HTTP, end to end: the real API, a real Celery worker, a real Redis and the real sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from judge.problems.loader import load_problem
from tests.processes import REPO
from tests.judge.service.conftest import ADMIN_TOKEN

pytestmark = pytest.mark.sandbox
PROBLEMS = REPO / "problems"


@pytest.fixture
def problems_dir():
    return PROBLEMS


CASES = [
    ("ndcg-at-k", "python", (PROBLEMS / "ndcg-at-k/solutions/reference.py").read_text(), "accepted"),
    ("ndcg-at-k", "python", (PROBLEMS / "ndcg-at-k/solutions/linear-gain.py").read_text(), "wrong_answer"),
    ("third-unique-song", "sql", (PROBLEMS / "third-unique-song/solutions/reference.sql").read_text(), "accepted"),
    (
        "third-unique-song",
        "sql",
        (PROBLEMS / "third-unique-song/solutions/dense-rank-on-first-plays.sql").read_text(),
        "wrong_answer",
    ),
    (
        "ndcg-at-k",
        "python",
        "def ndcg_at_k(ranked, relevance, k):\n    while True:\n        pass\n",
        "time_limit_exceeded",
    ),
    # A source without its entry function parses, and the sandbox finds out: compile_error.
    ("ndcg-at-k", "python", "def ndcg(ranked, relevance, k):\n    return 1.0\n", "compile_error"),
]


def hidden_fingerprints(slug: str) -> set[str]:
    """Distinctive pieces of hidden tests (inputs and expected values) that must never be sent to anyone."""
    problem = load_problem(PROBLEMS / slug)
    public = json.dumps([t.payload for t in problem.tests if t.visibility == "public" and t.payload])
    found = set()
    for test in problem.tests:
        if test.visibility != "hidden":
            continue
        if test.payload is not None:
            expected = test.payload.get("expected")
            if isinstance(expected, float) and len(repr(expected)) > 10:
                found.add(repr(expected))
            ids = [x for x in (test.payload["args"][0] if test.payload["args"] else []) if isinstance(x, str)]
            found.update(x for x in ids[:5] if len(x) > 5 and x not in public)
        else:
            for csv_file in Path(test.path).glob("*.csv"):
                found.update(line for line in csv_file.read_text().splitlines()[1:4] if len(line) > 12)
    return found


def test_submissions_over_http_get_their_verdicts_and_never_hidden_details(api_server, workers):
    workers.start("e2e")
    with httpx.Client(base_url=api_server, timeout=120) as admin:
        admin.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
        created = admin.post("/api/v1/users", json={"name": "candidate", "role": "student"})
        assert created.status_code == 201, created.text
        token = created.json()["token"]
    secrets = hidden_fingerprints("ndcg-at-k") | hidden_fingerprints("third-unique-song")
    assert len(secrets) > 10  # the check below is only as good as what it looks for
    responses = []
    with httpx.Client(base_url=api_server, timeout=120, headers={"Authorization": f"Bearer {token}"}) as client:
        ids = []
        for slug, language, source, _ in CASES:
            answer = client.post("/api/v1/submissions", json={"problem": slug, "language": language, "source": source})
            assert answer.status_code in (201, 202), answer.text
            assert answer.json()["status"] == "queued"
            ids.append(answer.json()["id"])
            responses.append(answer.text)
        for (slug, _, _, verdict), submission_id in zip(CASES, ids):
            while True:
                answer = client.get(f"/api/v1/submissions/{submission_id}", params={"wait": 30})
                assert answer.status_code == 200, answer.text
                responses.append(answer.text)
                if answer.json()["status"] == "finished":
                    break
            view = answer.json()
            assert view["verdict"] == verdict, (
                slug,
                view["result"].get("message"),
                view["result"].get("compile_error"),
            )
            tests = view["result"]["tests"]
            assert tests and all("feedback" not in t for t in tests if t["visibility"] == "hidden")
            if verdict == "compile_error":
                assert "ndcg_at_k" in view["result"]["compile_error"]["message"]
        responses.append(client.get("/api/v1/submissions").text)
        for slug in ("ndcg-at-k", "third-unique-song"):
            responses.append(client.get(f"/api/v1/problems/{slug}").text)
    everything = "\n".join(responses)
    leaked = sorted(s for s in secrets if s in everything)
    assert not leaked, f"hidden details in API responses: {leaked[:5]}"
