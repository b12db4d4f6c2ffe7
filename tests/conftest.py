"""Shared constants and fixtures. Docker-backed tests never skip in CI: a missing engine there is a failure.

Markers say what a test needs (pyproject.toml): `sandbox` (the Docker engine and the image), `service` (Redis,
PostgreSQL or Celery processes, started by tests/processes.py), `network` (the package index), `serial` (it
changes or counts every sandbox container on the engine, so it runs alone: scripts/test.sh runs the rest in
parallel first, then these).
"""

from __future__ import annotations

import contextlib

import os
import shutil
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from judge.settings import SandboxSettings, Settings

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "problems"
BANK = REPO / "problems"
CANARY = "CANARY-9f4c2e1d-hidden-answer"  # in add-canary's hidden test, and in no public place
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Every sandbox container this run starts carries this label, in worker processes too (they inherit the
# environment), so that the leftover check looks at this run's containers only, not at another judge's. Each
# pytest-xdist worker has a label of its own: its leftover check must not see another worker's running tests.
_RUN = os.environ.setdefault("JUDGE_TEST_RUN", f"tests-{uuid.uuid4().hex[:12]}")
RUN_ID = os.environ["JUDGE_SANDBOX_RUN_LABEL"] = f"{_RUN}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def _docker_problem() -> str | None:
    """Why the sandbox cannot be used here, or None if it can."""
    try:
        import docker

        from judge.sandbox.image import image_is_current

        client = docker.from_env()
        client.ping()
    except Exception as exc:  # noqa: BLE001 - any failure means no engine
        return f"no Docker engine: {exc}"
    image = SandboxSettings().image
    if not image_is_current(client, image):
        # The runner's code is part of the image: rebuild rather than test a stale one.
        from judge.sandbox.image import build_image

        try:
            build_image(client, image, Settings().cache_dir, log=lambda _: None)
        except Exception as exc:  # noqa: BLE001 - reported as the reason the sandbox is unusable
            return f"the sandbox image {image} is stale and could not be rebuilt: {exc}"
    return None


@pytest.fixture(scope="session")
def docker_ready() -> None:
    problem = _docker_problem()
    if problem:
        if IN_CI:
            pytest.fail(problem)
        pytest.skip(problem)


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    return Settings(cache_dir=tmp_path_factory.mktemp("judge-cache"), problems_dir=BANK)


@pytest.fixture(scope="session")
def judge(settings, docker_ready):
    from judge.core import Judge

    return Judge(settings)


@pytest.fixture(scope="session")
def load_fixture():
    from judge.problems.loader import load_problem

    return lambda slug: load_problem(FIXTURES / slug)


@pytest.fixture(scope="module")
def redis_url():
    """A Redis of this module's own, on a free port."""
    from tests.processes import running_redis

    with running_redis() as url:
        yield url


@pytest.fixture(scope="module")
def postgres_url():
    """A PostgreSQL server of this module's own (tests.processes.running_postgres)."""
    from tests.processes import running_postgres

    with running_postgres() as url:
        yield url


class ApiProcess:
    """The API under real uvicorn, with its own SQLite database and no broker (nothing is judged)."""

    def __init__(self, url: str, port: int, admin_token: str):
        self.url, self.port, self.admin_token = url, port, admin_token


@dataclass
class Mailbox:
    """What a local SMTP server (aiosmtpd) received: each message as the judge sent it."""

    host: str
    port: int
    messages: list = field(default_factory=list)
    recipients: list = field(default_factory=list)  # each message's envelope: whom the server was asked to deliver to

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]


@contextlib.contextmanager
def running_smtp_server():
    """A real SMTP server on loopback, as an operator would configure (JUDGE_SMTP_HOST and _PORT)."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    from tests.processes import free_port

    box = Mailbox("127.0.0.1", free_port())

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
            box.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            box.recipients.append(list(envelope.rcpt_tos))
            return "250 OK"

    controller = Controller(Handler(), hostname=box.host, port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def smtp_server():
    with running_smtp_server() as box:
        yield box


@pytest.fixture(scope="session")
def bank_database(tmp_path_factory) -> Path:
    """A database migrated and with the whole bank published, made once: an API process that starts on a copy
    of it finds every problem unchanged, rather than publishing all of them again."""
    path = tmp_path_factory.mktemp("bank-database") / "judge.db"
    publish_first(f"sqlite:///{path}", BANK)
    return path


_REFERENCES: list[Path] = []


def publish_first(database_url: str, problems_dir: Path) -> None:
    """The problems published into a migrated database before an API starts on it, as an admin's sync with a
    worker would have: an SQL problem's reference outputs derived, by the in-process runner (the sandbox's own
    code; kept across the session by content). The API's own sync at start then finds every problem unchanged,
    and serves it at once."""

    from judge.core import Judge
    from judge.db.session import make_engine, make_sessionmaker, upgrade
    from judge.sandbox.fake import FakeSandbox
    from judge.service.bank import sync

    upgrade(database_url)
    engine = make_engine(database_url)
    if not _REFERENCES:
        _REFERENCES.append(Path(tempfile.mkdtemp(prefix="test-references-")))
    sync(
        make_sessionmaker(engine), problems_dir, judge=Judge(Settings(cache_dir=_REFERENCES[0]), sandbox=FakeSandbox())
    )
    engine.dispose()  # the last connection closed: SQLite has put its write-ahead log back into the file


@pytest.fixture
def api_process(tmp_path, bank_database):
    """The API under real uvicorn, with compose's HTTP protocol."""
    yield from _api_process(tmp_path, bank_database, "judge.api.server:TimelyHttpToolsProtocol")


@pytest.fixture(params=["TimelyHttpToolsProtocol", "TimelyH11Protocol"])
def api_process_each_protocol(request, tmp_path, bank_database):
    """The same, once with each of judge.api.server's protocols."""
    yield from _api_process(tmp_path, bank_database, f"judge.api.server:{request.param}")


def _api_process(tmp_path, bank_database, protocol: str):
    import httpx

    from tests.processes import free_port, start, stop, wait_until

    shutil.copyfile(bank_database, tmp_path / "judge.db")
    port, token = free_port(), "admin-token-of-the-api-process"
    env = {
        **os.environ,
        "JUDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'judge.db'}",
        "JUDGE_PROBLEMS_DIR": str(BANK),
        "JUDGE_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0",
        "JUDGE_API_REQUEST_TIMEOUT_S": "1",
        "JUDGE_ADMIN_TOKEN": token,
    }
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
            "--http",
            protocol,
        ],
        env,
        tmp_path / "api.log",
    )
    url = f"http://127.0.0.1:{port}"

    def answering():
        try:
            return httpx.get(f"{url}/healthz", timeout=5).status_code in (200, 503)
        except httpx.HTTPError:
            return process.poll() is not None

    wait_until(answering, 60, "the API to start")
    assert process.poll() is None, (tmp_path / "api.log").read_text()
    yield ApiProcess(url, port, token)
    stop(process)


def _run_containers() -> set[str] | None:
    try:
        import docker

        from judge.sandbox.docker_sandbox import RUN_LABEL
        from judge.sandbox.reaper import labelled_containers

        return {container_id for container_id, _ in labelled_containers(docker.from_env(), f"{RUN_LABEL}={RUN_ID}")}
    except Exception:  # noqa: BLE001 - without an engine there is nothing to leave behind
        return None


@pytest.fixture(scope="session", autouse=True)
def no_sandbox_left_behind():
    """After the whole suite, no sandbox container this run started may be left on the engine."""
    yield
    left = _run_containers()
    assert not left, f"sandbox containers left on the engine: {sorted(c[:12] for c in left)}"


# What a fixture needs, as the marker that says so: a test that uses one is marked, wherever it lives.
NEEDS = {
    "sandbox": {"docker_ready", "judge"},
    "service": {"redis_url", "postgres_url", "service_env", "api_process", "api_process_each_protocol"},
}


# Modules that take the longest, longest first: run in parallel one file per worker at a time
# (scripts/test.sh), the suite ends soonest when they start first. Measured with --durations=0; a hint only.
LONGEST_FIRST = (
    "tests/problems/test_verify.py",
    "tests/hostile/test_attacks.py",
    "tests/judge/service/test_end_to_end.py",
    "tests/judge/sandbox/test_verdicts.py",
    "tests/problems/test_mutants.py",
    "tests/judge/service/test_compose.py",
    "tests/test_packaging.py",
    "tests/judge/cli/test_course.py",
    "tests/judge/service/test_durability.py",
)


def _started_at(item) -> int:
    path = str(Path(str(item.fspath)).relative_to(REPO)) if str(item.fspath).startswith(str(REPO)) else ""
    return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_modifyitems(items):
    items.sort(key=_started_at)  # stable: within a module, and among the rest, the order is as collected
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for marker, fixtures in NEEDS.items():
            # get_closest_marker, not item.keywords: keywords hold directory names too, so a test under
            # tests/judge/service/ looked marked already and never was.
            if used & fixtures and item.get_closest_marker(marker) is None:
                item.add_marker(marker)


def submit_as(services, user, problem: str, language, dialect, source: str, enqueue):
    """A submission made by `user` through the service's own receiving function, as the API makes it."""
    from judge.service.access import viewer_for
    from judge.service.schemas import SubmissionCreate
    from judge.service.submissions import create_submission

    with services.sessions() as session:
        viewer = viewer_for(session, user)
        body = SubmissionCreate(problem=problem, language=language, dialect=dialect, source=source)
        return create_submission(session, viewer, services, body, enqueue)
