"""The compose stack: compose.yaml is valid and sound, and the whole stack judges a submission over HTTP."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import IN_CI, REPO

LONG_RUNNING = ("api", "worker", "beat", "postgres", "redis")
ONE_SHOT = ("sandbox", "migrate")


def _unavailable(message: str) -> None:
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def compose_command() -> list[str]:
    """Compose v1 (docker-compose) where installed, else the v2 plugin (docker compose)."""
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    _unavailable("neither docker-compose nor the docker compose plugin is installed (scripts/setup.sh installs it)")


def _config(tmp_path, **env) -> dict:
    """`compose config` with only the given variables: an empty env file, so a developer's .env plays no part."""
    env_file = tmp_path / "empty.env"
    env_file.write_text("")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JUDGE_", "COMPOSE_"))}
    result = subprocess.run(
        [*compose_command(), "--env-file", str(env_file), "config"],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"compose config failed:\n{result.stderr}"
    return yaml.safe_load(result.stdout)


def test_compose_config_is_valid_and_sound(tmp_path):
    config = _config(tmp_path)
    services = config["services"]
    assert set(services) == {*LONG_RUNNING, *ONE_SHOT}

    # Public images by default; the API on localhost:8000 with the documented admin token.
    assert services["redis"]["image"] == "redis:7-bookworm"
    assert services["postgres"]["image"] == "postgres:15-bookworm"
    assert services["migrate"]["build"]["args"]["BASE_IMAGE"] == "python:3.11-slim-bookworm"
    assert services["sandbox"]["build"]["args"]["BASE_IMAGE"] == "python:3.11-slim-bookworm"
    (port,) = services["api"]["ports"]
    published = port if isinstance(port, str) else f"{port.get('host_ip')}:{port['published']}:{port['target']}"
    assert published.startswith("127.0.0.1:8000:8000"), port
    assert services["api"]["environment"]["JUDGE_ADMIN_TOKEN"] == "judge-local-admin-token"

    for name, service in services.items():
        assert not service.get("privileged"), f"{name} is privileged"
        assert "SYS_ADMIN" not in service.get("cap_add", []), name
    for name in LONG_RUNNING:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no health check"
        assert services[name].get("restart") == "unless-stopped", f"{name} is not restarted"
    for name in ONE_SHOT:
        assert services[name].get("restart", "no") == "no", name

    # Every service of the judge shares one configuration, and one image built once.
    judge_services = ("migrate", "api", "worker", "beat")
    for name in judge_services:
        env = services[name]["environment"]
        assert env["JUDGE_DATABASE_URL"] == "postgresql+psycopg://judge:judge@postgres:5432/judge", name
        assert env["JUDGE_BROKER_URL"] == "redis://redis:6379/0", name
        assert env["JUDGE_SANDBOX_IMAGE"] == "judge-sandbox:latest", name
        assert services[name]["image"] == "judge-service:latest", name
    assert [n for n in judge_services if "build" in services[n]] == ["migrate"]

    # Only the worker reaches the engine; it waits for the sandbox image and the migrations.
    worker = services["worker"]
    mounts = [v if isinstance(v, str) else f"{v['source']}:{v['target']}" for v in worker["volumes"]]
    assert any(m.startswith("/var/run/docker.sock:/var/run/docker.sock") for m in mounts), mounts
    for name in ("api", "beat", "migrate"):
        assert not any("docker.sock" in str(v) for v in services[name].get("volumes", [])), name
    assert worker["depends_on"]["sandbox"]["condition"] == "service_completed_successfully"
    assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "-B" not in worker["command"] and "beat" in services["beat"]["command"]
    # The worker is `judge worker`, as on any host, one submission per CPU unless told otherwise (issue 13).
    assert worker["command"] == ["judge", "worker"] and worker["environment"]["JUDGE_WORKER_CONCURRENCY"] == "0"

    # Problems are data (issue 13): the API reads them from the host, read-only, and no image holds them; workers
    # fetch versions from the database.
    api_mounts = [
        v if isinstance(v, str) else f"{v['source']}:{v['target']}:{'ro' if v.get('read_only') else 'rw'}"
        for v in services["api"]["volumes"]
    ]
    assert any(m.endswith("/problems:/srv/problems:ro") for m in api_mounts), api_mounts
    assert not any(
        "problems" in str(v) for name in ("worker", "beat", "migrate") for v in services[name].get("volumes", [])
    )
    assert "COPY problems" not in (REPO / "docker" / "Dockerfile").read_text()

    # Finding 3 and 7: every log is rotated, and the API bounds how long a request may take to arrive and how
    # many connections it holds; the documented admin token is refused once the API is published beyond loopback.
    for name, service in services.items():
        assert service["logging"] == {"driver": "json-file", "options": {"max-size": "10m", "max-file": "3"}}, name
    api = services["api"]["command"]
    assert api[api.index("--http") + 1] == "judge.api.server:TimelyHttpToolsProtocol"
    assert "--limit-concurrency" in api and "--timeout-keep-alive" in api
    assert services["api"]["environment"]["JUDGE_API_PUBLISHED_ON"] == "127.0.0.1"

    # Issue 25: judging never starves the service. The sandboxes run at JUDGE_SANDBOX_CPU_SHARES (256), the
    # worker's own grading at 512, below the API, the database and the broker (Docker's default, 1024).
    for name in ("api", "postgres", "redis", "beat"):
        assert int(services[name].get("cpu_shares", 1024)) == 1024, name
    assert int(services["worker"]["cpu_shares"]) == 512
    assert int(services["worker"]["environment"].get("JUDGE_SANDBOX_CPU_SHARES", 256)) == 256


def test_compose_config_takes_local_images(tmp_path):
    """Where no registry is reachable, variables alone point the stack at locally built images."""
    services = _config(
        tmp_path,
        JUDGE_BASE_IMAGE="judge-base:bookworm",
        JUDGE_REDIS_IMAGE="judge-redis:local",
        JUDGE_POSTGRES_IMAGE="judge-postgres:local",
        JUDGE_API_PORT="18000",
        JUDGE_ADMIN_TOKEN="t0ken",
    )["services"]
    assert services["redis"]["image"] == "judge-redis:local"
    assert services["postgres"]["image"] == "judge-postgres:local"
    assert services["migrate"]["build"]["args"]["BASE_IMAGE"] == "judge-base:bookworm"
    assert services["sandbox"]["build"]["args"]["BASE_IMAGE"] == "judge-base:bookworm"
    assert services["api"]["environment"]["JUDGE_ADMIN_TOKEN"] == "t0ken"
    assert "18000" in str(services["api"]["ports"])


@pytest.mark.sandbox
@pytest.mark.service
@pytest.mark.timeout(1800)
def test_compose_stack_judges_a_submission_over_http(docker_ready):
    compose = compose_command()
    if shutil.which("curl") is None:
        _unavailable("curl is not installed")
    env = {**os.environ, "COMPOSE": " ".join(compose)}
    result = subprocess.run(
        ["bash", str(REPO / "scripts" / "compose-smoke.sh")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1700,
    )
    assert result.returncode == 0, f"compose-smoke.sh failed ({result.returncode}):\n{result.stderr[-20000:]}"
    for step in (
        "the stack judged both solutions as accepted",
        "adding a problem to the running stack",
        "refused: refused",
        "OK: the stack judged the bank's solutions, and a problem added while it ran",
    ):
        assert step in result.stderr, step
