"""The judge's configuration: one class, read from JUDGE_* variables, built once and passed in."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SandboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JUDGE_SANDBOX_", extra="forbid")

    image: str = "judge-sandbox:latest"
    user: str = Field("10001:10001", pattern=r"^[0-9]+(:[0-9]+)?$", description="uid[:gid], numbers only")
    cpus: float = Field(1.0, gt=0, description="CPUs one sandbox may use")
    cpu_shares: int = Field(
        256,
        ge=2,
        le=262144,
        description="a sandbox's CPU weight; the service's own containers and processes have Docker's 1024, so "
        "while sandboxes burn every CPU the API, the database and the broker still get theirs",
    )
    pids_limit: int = Field(64, ge=8)
    memory_overhead_mb: int = Field(
        64, ge=16, description="container memory on top of the problem's limit, for the runner"
    )
    tmpfs_mb: int = Field(64, ge=1, description="size of the writable /tmp scratch")
    box_mb: int = Field(256, ge=8, description="size of the volume that holds the inputs")
    startup_allowance_s: float = Field(30.0, gt=0, description="container wall time beyond the tests' own limits")
    spare: bool | None = Field(
        None,
        description="keep one container created and started ahead for the next job (used once, then removed, as "
        "any other); unset: a worker does, a one-off command (judge check) does not",
    )
    docker_url: str | None = Field(None, description="Docker engine URL; the environment's DOCKER_HOST when unset")
    run_label: str | None = Field(
        None,
        description="a value every container of this judge carries as the label "
        "org.judge.run, to find them again (a test run labels its own)",
    )

    @property
    def uid(self) -> int:
        """The sandbox user's uid: it owns each hidden test's input directory, for the runner to remove."""
        return int(self.user.split(":", 1)[0])


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JUDGE_", extra="ignore")

    problems_dir: Path = Field(
        Path("problems"),
        description="where problem slugs are looked up; relative to the "
        "working directory. The service publishes it to its "
        "database (judge problems sync); workers never read it",
    )
    sync_on_start: bool = Field(True, description="the API publishes problems_dir when it starts, as a sync would")
    courses_dir: Path = Field(Path("courses"), description="courses kept in git: <slug>/course.yaml")
    open_bank: bool = Field(
        True, description="problems in no assignment are seen by every user (practice, hiring); off: by staff only"
    )
    cache_dir: Path = Field(
        Path.home() / ".cache" / "judge",
        description="problem versions unpacked, and the reference's outputs, by version",
    )
    sandbox: SandboxSettings = Field(default_factory=SandboxSettings)

    # The service.
    log_format: Literal["text", "json"] = Field(
        "text", description="json: one JSON object per line, with the submission's id (JUDGE_LOG_FORMAT)"
    )
    data_dir: Path = Field(
        Path.home() / ".local" / "share" / "judge", description="where the default SQLite file lives"
    )
    database_url: str | None = Field(None, description="SQLAlchemy URL; a SQLite file in data_dir when unset")
    database_pool_size: int = Field(
        40,
        ge=1,
        le=500,
        description="connections a process keeps, and never more: the API runs as many requests at once "
        "(its thread pool), so none waits on the pool and none opens a connection of its own (JUDGE_DATABASE_POOL_SIZE)",
    )
    broker_url: str = "redis://localhost:6379/0"
    admin_token: str | None = Field(
        None, description="if set, the admin user 'admin' holds this token, and no other, once the API starts"
    )
    api_published_on: str = Field(
        "127.0.0.1",
        description="the address the API is reachable on (compose sets it "
        "from JUDGE_API_BIND); the documented default admin "
        "token is refused on any but loopback",
    )
    max_source_kb: int = Field(64, ge=1)
    # The web pages.
    session_hours: float = Field(12.0, gt=0, description="how long a browser stays signed in")
    sign_in_failures: int = Field(
        5, ge=1, description="failed sign-ins allowed per login, and per address, in 15 minutes; then a 429"
    )
    secure_cookies: bool | None = Field(
        None, description="mark cookies Secure; unset: when the request came over https (or X-Forwarded-Proto)"
    )
    csrf_secret: str | None = Field(
        None, description="signs the pages' CSRF tokens; unset: derived from admin_token, else made at start"
    )
    # Hiring: invites (judge.service.invites) and the mail that carries them.
    public_url: str = Field(
        "http://localhost:8000", description="the judge's address as candidates reach it: invite links start with it"
    )
    smtp_host: str | None = Field(None, description="the SMTP server invites are sent through; unset: none is sent")
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_starttls: bool = Field(False, description="STARTTLS before sending")
    smtp_user: str | None = None
    smtp_password: str | None = None
    mail_from: str = Field("judge@localhost", description="the From of invites")
    invite_days: float = Field(7.0, gt=0, le=90, description="how long an invite link opens its assessment")
    contended_retries: int = Field(
        2,
        ge=0,
        description="times a run is judged again, a little later, when a test ran out of time while the machine "
        "kept it waiting for a CPU (its CPU time may have been stretched by its neighbours)",
    )
    parse_workers: int = Field(2, ge=1, description="processes per API process for new submissions' parse checks")
    parse_timeout_s: float = Field(
        3.0, gt=0, description="the longest a parse check may take; past it, the sandbox alone parses the source"
    )
    max_wait_s: float = Field(60.0, ge=0, description="the longest ?wait= long-poll")
    max_waits_per_user: int = Field(4, ge=1, description="long-polls one user may have open at once, per API process")
    submissions_per_minute: int = Field(20, ge=1, description="per user, counted across every API process")
    max_pending_submissions: int = Field(10, ge=1, description="per user: queued or running at once")
    rejudged_submissions_per_hour: int = Field(
        1000, ge=1, description="per member of staff (admins are not counted): what their rejudges may hold"
    )
    webhook_allow_private: bool = Field(
        False, description="callback URLs may name loopback or private addresses (a judge inside a private network)"
    )
    rate_limit_storage: str | None = Field(
        None, description="where the rate is counted (a `limits` storage URL); the broker's Redis when unset"
    )
    infra_retries: int = Field(3, ge=0, description="retries of a submission after an infrastructure fault")
    internal_error_retries: int = Field(
        2, ge=0, description="times a judging that ended in internal_error is tried again, later, before it is final"
    )
    internal_error_backoff_s: float = Field(
        5.0, ge=0, description="the wait before the first such retry; each further one waits twice as long"
    )
    max_attempts: int = Field(
        5,
        ge=1,
        description="times a submission is started (its workers dying each time) "
        "before it is given up as internal_error",
    )
    heartbeat_s: float = Field(2.0, gt=0, description="how often a judging worker marks its submission alive")
    worker_stuck_after_s: float = Field(
        900.0, gt=0, description="/healthz reports a worker stuck once it has judged one submission this long"
    )
    stale_after_s: float = Field(
        15.0, gt=0, description="a running submission without heartbeat this long is re-queued"
    )
    requeue_after_s: float = Field(30.0, gt=0, description="a queued submission not started this long is re-enqueued")
    sweep_every_s: float = Field(5.0, gt=0)

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'judge.db'}"
