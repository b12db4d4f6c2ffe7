"""The API in-process: a TestClient over a temporary SQLite database, with the enqueue function captured.

No Redis and no worker: submissions are finished by storing a result directly, as a worker would.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from judge.api.app import create_app
from judge.db.models import Role
from judge.service.services import Services
from judge.service.users import create_user
from judge.settings import Settings
from judge.verdicts import CompileDiagnostic, GroupResult, SubmissionResult, TestResult, Verdict, Visibility
from tests.conftest import CANARY, FIXTURES  # noqa: F401 - CANARY is imported from here too
from tests.processes import free_port

ADMIN_TOKEN = "admin-token-for-tests"


class NoServerErrors(TestClient):
    """A TestClient that fails the test on any 5xx: a bad request is the client's fault, never a crash."""

    allow_5xx = False

    def request(self, *args, **kwargs):
        response = super().request(*args, **kwargs)
        if not self.allow_5xx:
            assert response.status_code < 500, (
                f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
            )
        return response


def make_settings(tmp_path: Path, **overrides) -> Settings:
    values = dict(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'judge.db'}",
        problems_dir=FIXTURES,
        cache_dir=tmp_path / "cache",
        admin_token=ADMIN_TOKEN,
        max_source_kb=4,
        max_wait_s=5.0,
        broker_url=f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        rate_limit_storage="memory://",
    )
    return Settings(**{**values, **overrides})


@dataclass
class Api:
    client: NoServerErrors
    services: Services
    enqueued: list[str]
    tokens: dict[str, str] = field(default_factory=dict)  # by user name; "admin" included
    rejudged: list[str] = field(default_factory=list)  # rejudge items queued

    def auth(self, who: str | None) -> dict:
        if who is None:
            return {}
        return {"Authorization": f"Bearer {self.tokens.get(who, who)}"}

    def submit(
        self, who: str, problem: str = "add-canary", source: str = "def solve(a, b):\n    return a + b\n", **fields
    ) -> dict:
        response = self.client.post(
            "/api/v1/submissions", headers=self.auth(who), json={"problem": problem, "source": source, **fields}
        )
        assert response.status_code == 201, response.text
        return response.json()


USERS = {"teacher": Role.INSTRUCTOR, "alice": Role.STUDENT, "bob": Role.STUDENT}


def publish_first(settings: Settings) -> None:
    """tests.conftest.publish_first, for an in-process API's settings."""
    from tests.conftest import publish_first as publish

    publish(settings.resolved_database_url(), settings.problems_dir)


@pytest.fixture(scope="session")
def api_template(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A database migrated, with the fixtures' problems published and USERS made, built once per session and
    copied for each test: migrating and publishing anew cost every API test a second or more."""
    directory = tmp_path_factory.mktemp("api-template")
    settings = make_settings(directory)
    publish_first(settings)
    client = NoServerErrors(
        create_app(settings, enqueue=lambda _: None, enqueue_rejudge=lambda _: None, enqueue_references=lambda _: None)
    )
    with client:
        services = client.app.state.services
        with services.sessions() as session:
            tokens = {name: create_user(session, name, role)[1] for name, role in USERS.items()}
        engine = services.sessions.kw["bind"]
    engine.dispose()  # the last connection closed: SQLite has put its write-ahead log back into the file
    return directory / "judge.db", tokens


def launch(tmp_path: Path, api_template, started: list, enqueue=None, celery: bool = False, **overrides) -> Api:
    """An API over a database in tmp_path (the template's, unless the settings need another); its client goes
    into `started`, for the caller to stop. celery: use the app's own enqueue (a Celery message to
    settings.broker_url), not a captured list."""
    settings = make_settings(tmp_path, **overrides)
    fresh = "problems_dir" in overrides or "database_url" in overrides or (tmp_path / "judge.db").exists()
    if not fresh:  # the template's database: same problems, same users
        template, tokens = api_template
        for path in template.parent.glob("judge.db*"):
            shutil.copyfile(path, tmp_path / path.name)
    elif settings.problems_dir.is_dir():
        publish_first(settings)
    enqueued: list[str] = []
    rejudged: list[str] = []
    client = NoServerErrors(
        create_app(
            settings,
            enqueue=None if celery else (enqueue or enqueued.append),
            enqueue_rejudge=None if celery else rejudged.append,
            enqueue_references=None if celery else (lambda _: None),
        )
    )
    client.__enter__()
    started.append(client)
    services = client.app.state.services
    api = Api(client, services, enqueued, {"admin": ADMIN_TOKEN}, rejudged=rejudged)
    if fresh:
        with services.sessions() as session:
            for name, role in USERS.items():
                api.tokens[name] = create_user(session, name, role)[1]
    else:
        api.tokens.update(tokens)
    return api


@pytest.fixture
def api_factory(tmp_path, api_template):
    """Start an API (the lifespan runs: migrations, services, the admin); stopped at the end of the test."""
    started: list = []
    yield lambda enqueue=None, celery=False, **overrides: launch(
        tmp_path, api_template, started, enqueue, celery, **overrides
    )
    for client in started:
        client.__exit__(None, None, None)


@pytest.fixture
def api(api_factory) -> Api:
    return api_factory()


def public_result(problem: str = "add-canary", verdict: Verdict = Verdict.WRONG_ANSWER) -> SubmissionResult:
    """A realistic stored result, made by the real SubmissionResult.for_candidate(): a public test with its diff,
    and a hidden one whose feedback (the canary) must not survive."""
    tests = (
        TestResult(
            name="examples/01",
            group="examples",
            visibility=Visibility.PUBLIC,
            verdict=Verdict.ACCEPTED,
            score=1.0,
            wall_ms=12.5,
            cpu_ms=10.0,
            memory_kb=9000,
            feedback={"expected": 3, "actual": 3},
        ),
        TestResult(
            name="hidden/02-canary",
            group="hidden",
            visibility=Visibility.HIDDEN,
            verdict=verdict,
            score=0.0,
            wall_ms=11.0,
            cpu_ms=9.5,
            memory_kb=9100,
            feedback={"expected": CANARY, "actual": 0, "input": {"args": ["secret", 0]}},
        ),
    )
    groups = (
        GroupResult(name="examples", visibility=Visibility.PUBLIC, weight=20, score=1.0, verdict=Verdict.ACCEPTED),
        GroupResult(name="hidden", visibility=Visibility.HIDDEN, weight=80, score=0.0, verdict=verdict),
    )
    result = SubmissionResult(
        problem=problem, language="python", verdict=verdict, score=20.0, tests=tests, groups=groups, total_ms=850.0
    )
    return result


def public_view(problem: str = "add-canary", verdict: Verdict = Verdict.WRONG_ANSWER) -> dict:
    """public_result as stored and returned: JSON, the candidate's view."""
    return public_result(problem, verdict).for_candidate().model_dump(mode="json")


def compile_error_result(problem: str = "plays-per-user") -> SubmissionResult:
    result = SubmissionResult(
        problem=problem,
        language="sql",
        verdict=Verdict.COMPILE_ERROR,
        score=0.0,
        tests=(),
        groups=(),
        compile_error=CompileDiagnostic(message='syntax error at or near "FORM"', line=1, column=10),
    )
    return result


def compile_error_view(problem: str = "plays-per-user") -> dict:
    return compile_error_result(problem).for_candidate().model_dump(mode="json")


def build_course(api: Api) -> Api:
    """ds101: teacher instructs; ann and ben are students, tia a TA; carl is in no course."""
    api.client.post(
        "/api/v1/courses", json={"slug": "ds101", "title": "Data science 101"}, headers=api.auth("teacher")
    ).raise_for_status()
    roster = "name,email,role\nann,ann@example.com,student\nben,,student\ntia,tia@example.com,ta\n"
    added = api.client.post(
        "/api/v1/courses/ds101/roster", content=roster, headers={**api.auth("teacher"), "Content-Type": "text/csv"}
    )
    assert added.status_code == 201, added.text
    for member in added.json():
        assert member["token"], member  # new users: their token, once
        api.tokens[member["name"]] = member["token"]
    api.tokens["carl"] = api.client.post("/api/v1/users", json={"name": "carl"}, headers=api.auth("admin")).json()[
        "token"
    ]
    return api


@pytest.fixture
def course(api):
    """ds101: teacher instructs; ann and ben are students, tia a TA; carl is in no course."""
    return build_course(api)


@pytest.fixture
def hiring(api_factory, smtp_server) -> Api:
    """ds101 as `course` has it, and the hiring course "hire" (teacher instructs, tia is its TA): the timed
    assessment "screen" (add-canary, 90 minutes) and another assignment "other" (plays-per-user); ds101 has
    week-1 (add-canary). Invite links start http://judge.test; mail goes to `smtp_server` (api.mailbox)."""
    api = api_factory(smtp_host=smtp_server.host, smtp_port=smtp_server.port, public_url="http://judge.test")
    build_course(api)
    teacher = api.auth("teacher")
    api.client.post(
        "/api/v1/courses", json={"slug": "hire", "title": "Data hiring"}, headers=teacher
    ).raise_for_status()
    added = api.client.post("/api/v1/courses/hire/members", json={"name": "tia", "role": "ta"}, headers=teacher)
    assert added.status_code == 201, added.text
    now = dt.datetime.now(dt.timezone.utc)
    for course, slug, problem, window in (
        ("hire", "screen", "add-canary", 90),
        ("hire", "other", "plays-per-user", None),
        ("ds101", "week-1", "add-canary", None),
    ):
        body = {
            "slug": slug,
            "title": slug.title(),
            "release_at": (now - dt.timedelta(hours=1)).isoformat(),
            "due_at": (now + dt.timedelta(hours=72)).isoformat(),
            "problems": [{"problem": problem, "points": 10}],
            **({"window_minutes": window} if window else {}),
        }
        saved = api.client.put(f"/api/v1/courses/{course}/assignments/{slug}", json=body, headers=teacher)
        assert saved.status_code == 200, saved.text
    api.mailbox = smtp_server  # type: ignore[attr-defined]
    return api
