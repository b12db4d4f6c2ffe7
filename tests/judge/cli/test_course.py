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
        "student,email,week-1-sql/third-unique-song,week-1-sql/top-artists-by-country,week-1-sql,"
        "week-2-metrics/ndcg-at-k,week-2-metrics/recsys-metrics,week-2-metrics,timed-quiz/duplicate-songs,"
        "timed-quiz,total",
        "ann,ann@example.com,0,0,0,0,0,0,0,0,0",
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


def cli(api_process, *args: str, token: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "JUDGE_SERVER": api_process.url, "JUDGE_TOKEN": token or api_process.admin_token}
    return subprocess.run(
        [sys.executable, "-m", "judge.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_users_tokens_grades_and_submissions_from_the_command_line(api_process, tmp_path):
    import datetime as dt
    import json

    import httpx

    # `judge users add --server` writes to the server, and says so.
    prof = cli(api_process, "users", "add", "prof-cli", "--role", "instructor", "--server", api_process.url)
    assert prof.returncode == 0 and f"on the server {api_process.url}" in prof.stderr, prof.stderr
    prof_token = prof.stdout.strip()
    assert judge(api_process, "create", "cli101", "--title", "CLI", token=prof_token).returncode == 0
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email,role\nsue,sue@example.com,student\n")
    added = judge(api_process, "roster", "cli101", str(roster), "--json", token=prof_token)
    assert added.returncode == 0, added.stderr
    (sue,) = json.loads(added.stdout)
    assert sue["name"] == "sue" and sue["token (new users only: keep it now)"]
    as_csv = judge(api_process, "list", "--csv", token=prof_token)
    assert as_csv.stdout.splitlines() == ["course,title,your role", "cli101,CLI,instructor"]

    # A lost token, replaced by the student's instructor.
    reset = cli(api_process, "users", "reset-token", "sue", token=prof_token)
    assert reset.returncode == 0, reset.stderr
    sue_token = reset.stdout.strip()
    assert sue_token != sue["token (new users only: keep it now)"]

    now = dt.datetime.now(dt.timezone.utc)
    for slug in ("a1", "a2"):  # the same problem in two assignments: a submission must say which
        body = {
            "slug": slug,
            "title": slug,
            "release_at": (now - dt.timedelta(days=3)).isoformat(),
            "due_at": (now - dt.timedelta(days=1, hours=1)).isoformat(),
            "late_policy": {"kind": "per_day", "percent": 10},
            "problems": [{"problem": "ndcg-at-k", "points": 10}],
        }
        httpx.put(
            f"{api_process.url}/api/v1/courses/cli101/assignments/{slug}",
            json=body,
            headers={"Authorization": f"Bearer {prof_token}"},
        ).raise_for_status()
    solution = REPO / "problems" / "ndcg-at-k" / "solutions" / "reference.py"
    ambiguous = cli(api_process, "submit", "ndcg-at-k", str(solution), "--timeout", "1", token=sue_token)
    assert ambiguous.returncode == 2 and "name one in the field assignment" in ambiguous.stderr
    named = cli(
        api_process,
        "submit",
        "ndcg-at-k",
        str(solution),
        "--assignment",
        "cli101/a2",
        "--timeout",
        "1",
        token=sue_token,
    )
    assert named.returncode == 3, named.stderr  # accepted for a2; no worker here to judge it
    listed = httpx.get(
        f"{api_process.url}/api/v1/submissions",
        params={"course": "cli101", "assignment": "a2"},
        headers={"Authorization": f"Bearer {prof_token}"},
    ).json()["items"]
    assert len(listed) == 1 and listed[0]["late"] and listed[0]["penalty_percent"] == 20.0

    # Her own grades, with the penalty; the extensions, for staff.
    httpx.put(
        f"{api_process.url}/api/v1/courses/cli101/assignments/a1/extensions/sue",
        json={"due_at": (now + dt.timedelta(days=1)).isoformat()},
        headers={"Authorization": f"Bearer {prof_token}"},
    ).raise_for_status()
    mine = judge(api_process, "grades", "cli101", "--json", token=sue_token)
    assert mine.returncode == 0, mine.stderr
    assert {row["assignment"] for row in json.loads(mine.stdout)} == {"a1", "a2"}
    extensions = judge(api_process, "extensions", "cli101", "a1", "--csv", token=prof_token)
    assert extensions.returncode == 0 and extensions.stdout.splitlines()[0] == "student,deadline"
    assert extensions.stdout.splitlines()[1].startswith("sue,")
