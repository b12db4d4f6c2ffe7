"""`judge submit` through the real command line, against a real uvicorn server (and, for verdicts, a real
Celery worker, Redis and the sandbox). Exit status: 0 accepted, 1 not, 2 refused (4xx), 3 unreachable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.judge.api.conftest import ADMIN_TOKEN, CANARY
from tests.processes import REPO, free_port, start, stop, wait_until
from tests.conftest import FIXTURES, publish_first


@pytest.fixture(scope="module")
def stack(tmp_path_factory, redis_url, settings):
    """The environment of the service's processes, and a uvicorn server running with it."""
    home = tmp_path_factory.mktemp("api-server")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("JUDGE_")},
        "JUDGE_DATABASE_URL": f"sqlite:///{home / 'judge.db'}",
        "JUDGE_DATA_DIR": str(home),
        "JUDGE_BROKER_URL": redis_url,
        "JUDGE_PROBLEMS_DIR": str(FIXTURES),
        "JUDGE_CACHE_DIR": str(settings.cache_dir),
        "JUDGE_ADMIN_TOKEN": ADMIN_TOKEN,
        "JUDGE_MAX_WAIT_S": "5",
        "PYTHONUNBUFFERED": "1",
    }
    publish_first(env["JUDGE_DATABASE_URL"], FIXTURES)
    server = start(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "judge.api.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env,
        home / "uvicorn.log",
    )
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        assert server.poll() is None, (home / "uvicorn.log").read_text()
        try:
            return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    try:
        wait_until(up, 60, "the API server to start")
        created = httpx.post(
            f"{url}/api/v1/users",
            json={"name": "student", "role": "student"},
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            timeout=10,
        )
        assert created.status_code == 201, created.text
        yield {"url": url, "env": env, "home": home, "token": created.json()["token"]}
    finally:
        stop(server)


@pytest.fixture(scope="module")
def worker(stack, docker_ready):
    process = start(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "judge.worker.celery_app",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-n",
            "api-tests@%h",
        ],
        stack["env"],
        stack["home"] / "worker.log",
    )
    try:
        wait_until(
            lambda: _workers(stack["url"], process, stack["home"]) > 0, 60, "the worker to answer pings", every=0.5
        )
        yield process
    finally:
        stop(process)


def _workers(url: str, process: subprocess.Popen, home: Path) -> int:
    assert process.poll() is None, (home / "worker.log").read_text()[-3000:]
    workers = httpx.get(f"{url}/healthz", timeout=10).json()["workers"]
    return workers if isinstance(workers, int) else 0


def judge_submit(
    stack, *args: str, token: str | None = "student", server: str | None = None
) -> subprocess.CompletedProcess:
    env = {**os.environ, "JUDGE_SERVER": server or stack["url"]}
    env.pop("JUDGE_TOKEN", None)
    if token:
        env["JUDGE_TOKEN"] = stack["token"] if token == "student" else token
    return subprocess.run(
        [sys.executable, "-m", "judge.cli", "submit", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
        cwd=REPO,
    )


def _oneline(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    "args, token, reason",
    [
        (["no-such-problem", "solutions/reference.py"], "student", "404: no problem named 'no-such-problem'"),
        (["plays-per-user", "solutions/reference.py"], "student", "422: plays-per-user accepts sql, not 'python'"),
        (["plays-per-user", "solutions/reference.sql", "--dialect", "oracle"], "student", "not 'oracle'"),
        (["add-canary", "solutions/reference.py"], "not-a-token", "401: the token is not valid"),
        (["add-canary", "solutions/reference.py"], None, "no token: pass --token or set JUDGE_TOKEN"),
    ],
    ids=["unknown problem", "language", "dialect", "bad token", "no token"],
)
def test_a_refused_request_exits_2_with_the_servers_reason(stack, args, token, reason):
    problem, solution, *rest = args
    directory = FIXTURES / ("add-canary" if solution.endswith(".py") else "plays-per-user")
    completed = judge_submit(stack, problem, str(directory / solution), *rest, token=token)
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert reason in _oneline(completed.stderr)


def test_an_unreachable_server_exits_3(stack):
    completed = judge_submit(
        stack,
        "add-canary",
        str(FIXTURES / "add-canary" / "solutions" / "reference.py"),
        server=f"http://127.0.0.1:{free_port()}",
    )
    assert completed.returncode == 3 and "cannot reach" in completed.stderr


@pytest.mark.sandbox
def test_an_accepted_solution_exits_0_and_prints_the_table(stack, worker):
    completed = judge_submit(stack, "add-canary", str(FIXTURES / "add-canary" / "solutions" / "reference.py"))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    out = completed.stdout
    for text in ("examples/01", "examples/02", "hidden #1", "hidden #2", "verdict: accepted", "100.0/100"):
        assert text in out, out
    assert CANARY not in out and "02-canary" not in out  # a candidate sees hidden tests by group and number


@pytest.mark.sandbox
def test_a_run_on_the_examples_judges_the_public_tests_alone_and_says_it_is_not_graded(stack, worker):
    completed = judge_submit(
        stack, "add-canary", str(FIXTURES / "add-canary" / "solutions" / "reference.py"), "--examples-only"
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    out = completed.stdout
    assert "examples/01" in out and "examples/02" in out and "a run on the examples: not graded" in out
    assert "hidden" not in out and CANARY not in out  # the hidden tests were never run


@pytest.mark.sandbox
@pytest.mark.parametrize(
    "solution, dialect, exit_code, verdict",
    [
        ("wrong.sql", None, 1, "wrong_answer"),
        ("reference.sql", "postgres", 0, "accepted"),
    ],
)
def test_json_output_and_exit_status(stack, worker, solution, dialect, exit_code, verdict):
    args = ["plays-per-user", str(FIXTURES / "plays-per-user" / "solutions" / solution), "--json"]
    if dialect:
        args += ["--dialect", dialect]
    completed = judge_submit(stack, *args)
    assert completed.returncode == exit_code, completed.stdout + completed.stderr
    view = json.loads(completed.stdout)
    assert view["status"] == "finished" and view["verdict"] == verdict
    assert view["dialect"] == (dialect or "duckdb") and view["user"] == "student"
    assert {t["visibility"] for t in view["result"]["tests"]} == {"public", "hidden"}
    assert all("feedback" not in t for t in view["result"]["tests"] if t["visibility"] == "hidden")
    assert view["phases"]["enqueued_at"] and view["phases"]["started_at"] and view["attempts"] == 1


@pytest.mark.sandbox
def test_the_dialect_comes_from_the_file_name_and_a_parse_error_never_reaches_the_queue(stack, worker, tmp_path):
    # Issue 13: q.postgres.sql is PostgreSQL, and a query that does not parse is refused at once, with where.
    query = tmp_path / "q.postgres.sql"
    query.write_text((FIXTURES / "plays-per-user" / "solutions" / "reference.sql").read_text())
    completed = judge_submit(stack, "plays-per-user", str(query), "--json")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert json.loads(completed.stdout)["dialect"] == "postgres"
    broken = tmp_path / "broken.py"
    broken.write_text("def solve(a, b:\n    return a + b\n")
    refused = judge_submit(stack, "add-canary", str(broken))
    assert refused.returncode == 2 and "422" in refused.stderr and "SyntaxError" in refused.stderr
    assert "(line 1, column 10)" in " ".join(refused.stderr.split())
