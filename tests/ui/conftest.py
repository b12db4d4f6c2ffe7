"""The whole judge for a browser: PostgreSQL, Redis, the API under uvicorn, a Celery worker judging in real
sandbox containers, and Debian's Chromium driven by Playwright.

Every request the browser makes outside the server's origin is blocked and recorded, and each test fails if
there was one. Each test saves screenshots under build/ui-screenshots (docs/ui.md shows them), and `pages`
runs axe on each page it visits, in light and dark mode.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import BANK, IN_CI, REPO, Mailbox, running_smtp_server
from tests.processes import free_port, start, stop, wait_until

CHROMIUM = "/usr/bin/chromium"
SHOTS = REPO / "build" / "ui-screenshots"
ADMIN_TOKEN = "ui-admin-token"
PASSWORD = "a-password-for-the-browser"
PROBLEMS = ("ndcg-at-k", "third-unique-song", "imbalanced-skip-classifier", "lm-cross-entropy")
COURSE = "ui-course"
USERS = {"teacher": "instructor", "alice": "student", "bob": "student", "mallory": "student"}
# Displayed as text, never as markup, wherever a name is shown.
DISPLAY_NAMES = {"alice": "Alice <script>alert('name')</script>", "bob": "O'Brien, Siobhán"}


@dataclass
class Stack:
    url: str
    admin: httpx.Client
    log_dir: Path
    mailbox: Mailbox
    database_url: str
    tokens: dict[str, str] = field(default_factory=dict)

    def api(self, who: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {self.tokens[who]}"}, timeout=30)


def _need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        message = "Debian's Chromium is not installed (scripts/setup.sh installs it)"
        pytest.fail(message) if IN_CI else pytest.skip(message)


@pytest.fixture(scope="module")
def stack(tmp_path_factory, postgres_url, redis_url, settings, docker_ready):
    """The judge, as compose runs it, on this machine's own processes: the problems of PROBLEMS published, a
    course with an assignment of ndcg-at-k, an instructor and three students with passwords; mail goes to a
    local SMTP server (stack.mailbox)."""
    from tests.conftest import publish_first

    with running_smtp_server() as mailbox:
        yield from _stack(tmp_path_factory, postgres_url, redis_url, settings, mailbox, publish_first)


def _stack(tmp_path_factory, postgres_url, redis_url, settings, mailbox, publish_first):
    work = tmp_path_factory.mktemp("ui")
    problems = work / "problems"
    for slug in PROBLEMS:
        shutil.copytree(BANK / slug, problems / slug)
    publish_first(postgres_url, problems)
    env = {
        **os.environ,
        "JUDGE_DATABASE_URL": postgres_url,
        "JUDGE_BROKER_URL": redis_url,
        "JUDGE_PROBLEMS_DIR": str(problems),
        "JUDGE_CACHE_DIR": str(settings.cache_dir),
        "JUDGE_ADMIN_TOKEN": ADMIN_TOKEN,
        # A stream ends after 2 s without a result: every judging outlasts one, so the browser's live view
        # must resume after each cut (Last-Event-ID) to show every test once.
        "JUDGE_MAX_WAIT_S": "2",
        "JUDGE_HEARTBEAT_S": "0.5",
        "JUDGE_SWEEP_EVERY_S": "1",
        "JUDGE_SMTP_HOST": mailbox.host,
        "JUDGE_SMTP_PORT": str(mailbox.port),
        "PYTHONUNBUFFERED": "1",
    }
    port = free_port()
    env["JUDGE_PUBLIC_URL"] = f"http://127.0.0.1:{port}"
    api = start(
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
            "judge.api.server:TimelyH11Protocol",
        ],
        env,
        work / "api.log",
    )
    worker = start(
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
            "ui@%h",
            "-s",
            str(work / "beat"),
            "-Q",
            "judge,judge-rejudge",
        ],
        {**env, "JUDGE_PROBLEMS_DIR": "/nonexistent/workers-read-the-database"},
        work / "worker.log",
    )
    url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        try:
            return httpx.get(f"{url}/healthz", timeout=5).status_code == 200
        except httpx.HTTPError:
            return api.poll() is not None or worker.poll() is not None

    try:
        wait_until(healthy, 90, "the API and its worker")
        assert api.poll() is None, (work / "api.log").read_text()
        admin = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=30)
        built = Stack(url, admin, work, mailbox, postgres_url)
        _populate(built, postgres_url)
        yield built
    finally:
        stop(worker)
        stop(api)


def _populate(stack: Stack, database_url: str) -> None:
    from sqlalchemy import select

    from judge.db.models import User
    from judge.db.session import make_engine, make_sessionmaker

    admin = stack.admin
    for name, role in USERS.items():
        made = admin.post("/api/v1/users", json={"name": name, "role": role})
        assert made.status_code == 201, made.text
        stack.tokens[name] = made.json()["token"]
        assert admin.put(f"/api/v1/users/{name}/password", json={"password": PASSWORD}).status_code == 204
    assert admin.post("/api/v1/courses", json={"slug": COURSE, "title": "UI course <b>bold</b>"}).status_code == 201
    teacher = stack.api("teacher")
    added = admin.post(f"/api/v1/courses/{COURSE}/members", json={"name": "teacher", "role": "instructor"})
    assert added.status_code == 201, added.text
    for name in ("alice", "bob", "mallory"):
        body = {"name": name, "role": "student", "display_name": DISPLAY_NAMES.get(name)}
        assert teacher.post(f"/api/v1/courses/{COURSE}/members", json=body).status_code == 201
    assignment = {
        "slug": "week-1",
        "title": "Week 1 & ranking",
        "release_at": "2026-01-01T00:00:00Z",
        "due_at": "2030-01-01T00:00:00Z",
        "late_policy": {"kind": "per_day", "percent": 10, "floor": 50},
        "problems": [{"problem": "ndcg-at-k", "points": 10}, {"problem": "third-unique-song", "points": 5}],
    }
    saved = teacher.put(f"/api/v1/courses/{COURSE}/assignments/week-1", json=assignment)
    assert saved.status_code == 200, saved.text
    engine = make_engine(database_url)
    with make_sessionmaker(engine)() as session:  # every password is set: the API did it, as PUT …/password
        assert all(u.password_hash for u in session.scalars(select(User).where(User.name.in_(list(USERS)))))
    engine.dispose()


@pytest.fixture(scope="module")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


class Pages:
    """One browser context for a test: requests off the server's origin blocked and recorded, axe on each page
    checked, screenshots saved."""

    def __init__(self, browser, stack: Stack, test_name: str, timezone_id: str | None = None):
        self.stack, self.test_name = stack, test_name
        self.offsite: list[str] = []
        self.violations: list[str] = []
        self.context = browser.new_context(
            base_url=stack.url, viewport={"width": 1280, "height": 900}, timezone_id=timezone_id
        )
        self.context.route("**/*", self._only_the_origin)
        self.errors: list[str] = []  # a script's uncaught error, on any page of the context
        self.context.on("page", self._watch)
        self.page = self.context.new_page()
        self.shots = 0

    def _watch(self, page) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def _only_the_origin(self, route) -> None:
        url = route.request.url
        if url.startswith(self.stack.url + "/") or url == self.stack.url or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def sign_in(self, name: str, password: str = PASSWORD, page=None) -> None:
        page = page or self.page
        page.goto("/sign-in")
        page.get_by_label("Login").fill(name)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/sign-in" not in url)

    def shot(self, label: str, page=None) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        path = SHOTS / f"{self.test_name}-{self.shots:02d}-{label}.png"
        (page or self.page).screenshot(path=str(path), full_page=True)
        return path

    def check_accessible(self, label: str, page=None) -> None:
        """axe on the page as it is, in light and in dark mode: no serious or critical violation."""
        from axe_playwright_python.sync_playwright import Axe

        page = page or self.page
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            results = Axe().run(page)
            for violation in results.response["violations"]:
                if violation.get("impact") in ("serious", "critical"):
                    targets = [n.get("target") for n in violation.get("nodes", [])][:3]
                    self.violations.append(f"{label} ({scheme}): {violation['id']}: {violation['help']} {targets}")
            if scheme == "dark":
                self.shot(f"{label}-dark", page)
        page.emulate_media(color_scheme="light")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def pages(browser, stack, request):
    """A browser context; parametrised indirectly, the value is its time zone (the machine's otherwise)."""
    name = request.node.name.replace("[", "-").replace("]", "").replace("/", "-")
    opened = Pages(browser, stack, name, timezone_id=getattr(request, "param", None))
    yield opened
    opened.close()
    assert not opened.offsite, f"requests left the server's origin: {opened.offsite}"
    assert not opened.errors, f"the pages' scripts failed: {opened.errors}"
    assert not opened.violations, "axe found:\n" + "\n".join(opened.violations)
