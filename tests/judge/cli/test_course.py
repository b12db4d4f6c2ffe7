"""`judge course` against a real API under uvicorn: a course kept in git reaches the server, and back."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO


def judge(api_process, *args: str, token: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "JUDGE_SERVER": api_process.url,
        "JUDGE_TOKEN": token or api_process.admin_token,
        "COLUMNS": "200",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "judge.cli", "course", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_a_course_in_git_is_pushed_and_run_from_the_command_line(api_process, tmp_path):
    pushed = judge(
        api_process, "push", str(REPO / "courses" / "sample-bootcamp"), "--problems-dir", str(REPO / "problems")
    )
    assert pushed.returncode == 0, pushed.stderr
    assert "created sample-bootcamp" in pushed.stdout and "sample-bootcamp/timed-quiz: 1 problem(s)" in pushed.stdout
    # Again, by slug under JUDGE_COURSES_DIR: idempotent, the assignments are replaced.
    again = judge(api_process, "push", "sample-bootcamp", env={"JUDGE_COURSES_DIR": str(REPO / "courses")})
    assert again.returncode == 0 and "created" not in again.stdout, again.stderr
    listed = judge(api_process, "assignments", "sample-bootcamp")
    assert listed.returncode == 0 and "week-1-sql" in listed.stdout and "ndcg-at-k (20)" in listed.stdout

    roster = tmp_path / "roster.csv"
    roster.write_text("name,email,role\nann,ann@example.com,student\ntia,,ta\n")
    added = judge(api_process, "roster", "sample-bootcamp", str(roster))
    assert added.returncode == 0 and "ann" in added.stdout and "tia" in added.stdout, added.stderr

    export = tmp_path / "grades.csv"
    written = judge(api_process, "gradebook", "sample-bootcamp", "--csv", str(export))
    assert written.returncode == 0, written.stderr
    assert export.read_text().splitlines() == [
        "student,email,week-1-sql,week-2-metrics,timed-quiz,total",
        "ann,ann@example.com,0,0,0,0",
    ]


def test_a_broken_course_is_refused_with_every_fault_before_anything_is_sent(api_process, tmp_path):
    directory = tmp_path / "broken"
    directory.mkdir()
    (directory / "course.yaml").write_text(
        "format: judge-course/1\nslug: wrong\ntitle: T\nassignments:\n"
        "  - {slug: a, title: A, release_at: 2027-01-02T00:00:00Z, "
        "due_at: 2027-01-01T00:00:00Z, problems: [{problem: nope, points: 1}]}\n"
    )
    refused = judge(api_process, "push", str(directory), "--problems-dir", str(REPO / "problems"))
    assert refused.returncode == 2
    text = " ".join(refused.stderr.split())
    assert "3 error(s)" in text and "no problem named 'nope'" in text and "must come after release_at" in text
    assert judge(api_process, "list").stdout.count("wrong") == 0


def test_the_server_s_refusals_and_absence_are_reported(api_process):
    env = {k: v for k, v in os.environ.items() if k != "JUDGE_TOKEN"}
    tokenless = subprocess.run(
        [sys.executable, "-m", "judge.cli", "course", "list", "--server", api_process.url],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert tokenless.returncode == 2 and "no token" in tokenless.stderr
    refused = judge(api_process, "gradebook", "nope")
    assert refused.returncode == 2 and "404" in refused.stderr and "no course 'nope'" in refused.stderr
    env = {**os.environ, "JUDGE_TOKEN": "x", "JUDGE_SERVER": "http://127.0.0.1:9"}
    gone = subprocess.run(
        [sys.executable, "-m", "judge.cli", "course", "list"], env=env, capture_output=True, text=True, timeout=60
    )
    assert gone.returncode == 3 and "cannot reach" in gone.stderr


def test_an_unknown_course_directory_is_named(api_process, tmp_path):
    missing = judge(api_process, "push", "nowhere", env={"JUDGE_COURSES_DIR": str(tmp_path)})
    assert missing.returncode == 2 and "no course 'nowhere'" in " ".join(missing.stderr.split())


def test_tokens_from_the_command_line(api_process):
    env = {**os.environ, "JUDGE_SERVER": api_process.url, "JUDGE_TOKEN": api_process.admin_token, "COLUMNS": "200"}

    def tokens(*args, token=None):
        return subprocess.run(
            [sys.executable, "-m", "judge.cli", "tokens", *args],
            capture_output=True,
            text=True,
            env={**env, **({"JUDGE_TOKEN": token} if token else {})},
            timeout=60,
        )

    made = tokens("create", "laptop", "--days", "30")
    assert made.returncode == 0, made.stderr
    new = made.stdout.strip()
    listed = tokens("list", token=new)
    assert listed.returncode == 0 and "laptop" in listed.stdout
    token_id = next(line.split("│")[1].strip() for line in listed.stdout.splitlines() if "laptop" in line)
    assert tokens("revoke", token_id, token=new).returncode == 0
    refused = tokens("list", token=new)
    assert refused.returncode == 2 and "401" in refused.stderr
