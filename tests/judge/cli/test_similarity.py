"""`judge similarity` against a real API under uvicorn: the staff read the report and a pair side by side; a
student is refused with the reason."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from types import SimpleNamespace

import httpx

from judge.db.session import make_engine, make_sessionmaker
from judge.service import judging
from tests.judge.api.test_similarity import REFERENCE_SQL, _disguised_sql, _result


def judge(api_process, *args: str, token: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "JUDGE_SERVER": api_process.url, "JUDGE_TOKEN": token, "COLUMNS": "240"}
    return subprocess.run(
        [sys.executable, "-m", "judge.cli", "similarity", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_the_staff_read_the_report_and_a_pair_and_a_student_is_refused(api_process, tmp_path):
    api = httpx.Client(base_url=api_process.url, timeout=60)
    admin = {"Authorization": f"Bearer {api_process.admin_token}"}
    api.post("/api/v1/courses", json={"slug": "ds", "title": "DS"}, headers=admin).raise_for_status()
    roster = "name,email,role\nann,,student\nben,,student\ntia,,ta\n"
    added = api.post("/api/v1/courses/ds/roster", content=roster, headers={**admin, "Content-Type": "text/csv"})
    added.raise_for_status()
    tokens = {m["name"]: m["token"] for m in added.json()}
    now = dt.datetime.now(dt.timezone.utc)
    week = {
        "slug": "week-1",
        "title": "Week 1",
        "release_at": (now - dt.timedelta(hours=1)).isoformat(),
        "due_at": (now + dt.timedelta(hours=48)).isoformat(),
        "problems": [{"problem": "third-unique-song", "points": 10}],
    }
    api.put("/api/v1/courses/ds/assignments/week-1", json=week, headers=admin).raise_for_status()
    # The stored result a worker would write; the report makes the fingerprints the worker did not.
    sessions = make_sessionmaker(make_engine(f"sqlite:///{tmp_path / 'judge.db'}"))
    ids = {}
    for who, source, dialect in (("ann", REFERENCE_SQL, "duckdb"), ("ben", _disguised_sql(), "mysql")):
        made = api.post(
            "/api/v1/submissions",
            json={"problem": "third-unique-song", "source": source, "dialect": dialect, "assignment": "ds/week-1"},
            headers={"Authorization": f"Bearer {tokens[who]}"},
        )
        assert made.status_code == 201, made.text
        ids[who] = made.json()["id"]
        judging.store_result(
            SimpleNamespace(sessions=sessions, progress=None), ids[who], _result("third-unique-song", "sql", None)
        )

    shown = judge(api_process, "ds/week-1", token=tokens["tia"])
    assert shown.returncode == 0, shown.stderr
    assert "third-unique-song" in shown.stdout and "ann" in shown.stdout and "ben" in shown.stdout
    assert "yes" in shown.stdout and "never proof" in shown.stdout and "2 compared" in shown.stdout
    pair = judge(api_process, "ds/week-1", "--pair", ids["ann"], ids["ben"], token=tokens["tia"])
    assert pair.returncode == 0, pair.stderr
    assert "ann and ben" in pair.stdout and " > " in pair.stdout and "ROW_NUMBER()" in pair.stdout
    refused = judge(api_process, "ds/week-1", token=tokens["ann"])
    assert refused.returncode == 2 and "403" in refused.stderr and "instructors and TAs" in refused.stderr
    assert judge(api_process, "week-1", token=tokens["tia"]).returncode == 2  # COURSE/ASSIGNMENT, or a reason
