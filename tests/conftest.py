"""Shared fixtures. Docker-backed tests never skip in CI: a missing engine there is a failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from judge.settings import SandboxSettings, Settings

FIXTURES = Path(__file__).parent / "fixtures" / "problems"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


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
            build_image(client, image, log=lambda _: None)
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
    return Settings(cache_dir=tmp_path_factory.mktemp("judge-cache"))


@pytest.fixture(scope="session")
def judge(settings, docker_ready):
    from judge.core import Judge

    return Judge(settings)


@pytest.fixture(scope="session")
def load_fixture():
    from judge.problems.loader import load_problem

    return lambda slug: load_problem(FIXTURES / slug)


def _sandbox_containers() -> set[str] | None:
    try:
        import docker

        from judge.sandbox.docker_sandbox import LABEL
        from judge.sandbox.reaper import labelled_containers

        return {container_id for container_id, _ in labelled_containers(docker.from_env(), LABEL)}
    except Exception:  # noqa: BLE001 - without an engine there is nothing to leave behind
        return None


@pytest.fixture(scope="session", autouse=True)
def no_sandbox_left_behind():
    """After the whole suite, no judge container it started may be left on the engine."""
    before = _sandbox_containers()
    yield
    after = _sandbox_containers()
    if before is not None and after is not None:
        left = after - before
        assert not left, f"sandbox containers left on the engine: {sorted(c[:12] for c in left)}"
