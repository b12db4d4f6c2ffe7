"""A real Redis and real Celery workers, started per test module."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from judge.db.session import upgrade
from judge.service.bank import sync
from judge.service.runtime import build_services
from judge.settings import Settings
from tests.conftest import FIXTURES
from tests.processes import free_port, start, stop, wait_until


@pytest.fixture
def problems_dir() -> Path:
    """The problems the services load; a module overrides this to judge the real problem bank."""
    return FIXTURES


@pytest.fixture
def service_env(tmp_path, redis_url, settings, problems_dir):
    """Environment for a service process: its own database, this module's Redis, fast recovery."""
    env = {
        **os.environ,
        "JUDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'judge.db'}",
        "JUDGE_BROKER_URL": redis_url,
        "JUDGE_PROBLEMS_DIR": str(problems_dir),
        "JUDGE_CACHE_DIR": str(settings.cache_dir),
        "JUDGE_HEARTBEAT_S": "0.5",
        "JUDGE_STALE_AFTER_S": "4",
        "JUDGE_REQUEUE_AFTER_S": "3",
        "JUDGE_SWEEP_EVERY_S": "1",
        "PYTHONUNBUFFERED": "1",
    }
    upgrade(env["JUDGE_DATABASE_URL"])
    return env


@pytest.fixture
def services(service_env):
    """The service's parts, with the problems directory published (as the API does when it starts)."""
    keys = {k[len("JUDGE_") :].lower(): v for k, v in service_env.items() if k.startswith("JUDGE_") and "__" not in k}
    built = build_services(Settings(**{k: v for k, v in keys.items() if k in Settings.model_fields}))
    sync(built.sessions, built.settings.problems_dir, judge=built.judge)  # reference outputs derived here
    return built


# Workers read problems from the database only: they are given no problems directory.
NO_PROBLEMS_DIR = "/nonexistent/workers-have-no-problems-directory"


class Workers:
    """Celery worker processes, each in its own process group, all stopped at the end."""

    def __init__(self, env: dict, log_dir: Path):
        self.env, self.log_dir, self.processes = env, log_dir, []

    def start(self, name: str, extra_env: dict | None = None) -> subprocess.Popen:
        process = start(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "judge.worker.celery_app",
                "worker",
                "-B",
                "--pool=solo",
                "--loglevel=INFO",
                "-n",
                f"{name}@%h",
                "-s",
                str(self.log_dir / f"beat-{name}"),
                "-Q",
                "judge,judge-rejudge",
            ],
            {**self.env, "JUDGE_PROBLEMS_DIR": NO_PROBLEMS_DIR, **(extra_env or {})},
            self.log_dir / f"worker-{name}.log",
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL, as a crash or an OOM of the whole worker would."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            stop(process)

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in self.log_dir.glob("worker-*.log")
        )


@pytest.fixture
def workers(service_env, tmp_path):
    pool = Workers(service_env, tmp_path)
    yield pool
    pool.stop_all()


@pytest.fixture
def enqueue(service_env, services):
    """The API's own enqueue: into the submission's lane of the fair queue, with a token."""
    from judge.service import fair_queue
    from judge.service.queue import enqueuer, make_celery

    client = make_celery(Settings(broker_url=service_env["JUDGE_BROKER_URL"]))
    return enqueuer(client, fair_queue.lanes(services.sessions))


ADMIN_TOKEN = "e2e-admin-token"


@pytest.fixture
def api_server(service_env, services, tmp_path):
    """The real API under uvicorn, on a free port, with this test's database and broker. Its problems are
    published before it starts (by `services`, as an admin's sync would have: reference outputs included), so
    its own sync at start finds them unchanged."""
    import httpx

    port = free_port()
    env = {**service_env, "JUDGE_ADMIN_TOKEN": ADMIN_TOKEN}
    process = start(
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
        tmp_path / "api.log",
    )
    url = f"http://127.0.0.1:{port}"

    def healthy():
        try:
            # /healthz pings the workers for up to a second, so the client waits longer than that
            return httpx.get(f"{url}/healthz", timeout=5).status_code == 200
        except httpx.HTTPError:
            return process.poll() is not None  # stop waiting if it died

    wait_until(healthy, 60, "the API to start")
    assert process.poll() is None, (tmp_path / "api.log").read_text()
    yield url
    stop(process)


@pytest.fixture
def receiver():
    """A local HTTP server that keeps what is posted to it: (its URL, [(headers, body)], an event set on each)."""
    received: list[tuple[dict, bytes]] = []
    arrived = threading.Event()

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(204)
            self.end_headers()
            arrived.set()

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received, arrived
    server.shutdown()


def open_week_1(admin, course: str, title: str, student: str) -> str:
    """Over an admin's httpx client: the course, a student in it (their token returned), and its assignment
    week-1 of add-canary, released a day ago and due in a day."""
    now = dt.datetime.now(dt.timezone.utc)
    admin.post("/api/v1/courses", json={"slug": course, "title": title}).raise_for_status()
    token = admin.post(f"/api/v1/courses/{course}/members", json={"name": student}).json()["token"]
    admin.put(
        f"/api/v1/courses/{course}/assignments/week-1",
        json={
            "slug": "week-1",
            "title": "Week 1",
            "release_at": (now - dt.timedelta(days=1)).isoformat(),
            "due_at": (now + dt.timedelta(days=1)).isoformat(),
            "problems": [{"problem": "add-canary", "points": 10}],
        },
    ).raise_for_status()
    return token
