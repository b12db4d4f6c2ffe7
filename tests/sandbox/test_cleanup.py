"""Containers are removed whatever happens, and orphans are found by their labels."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import docker
import pytest

from judge.sandbox.docker_sandbox import CREATED_LABEL, LABEL, OWNER_LABEL
from judge.sandbox.reaper import reap
from tests.conftest import FIXTURES

pytestmark = pytest.mark.sandbox


def sandbox_containers(client):
    return client.containers.list(all=True, filters={"label": LABEL})


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_check_removes_its_container(docker_ready, settings, tmp_path, stop_signal):
    client = docker.from_env()
    solution = tmp_path / "slow.py"
    solution.write_text("import time\ndef solve(a, b):\n    time.sleep(60)\n")
    env = {**os.environ, "JUDGE_CACHE_DIR": str(settings.cache_dir)}
    process = subprocess.Popen([sys.executable, "-m", "judge.cli", "check", str(FIXTURES / "add-canary"), str(solution)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not sandbox_containers(client) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sandbox_containers(client), "the check never started a container"
    process.send_signal(stop_signal)
    process.wait(timeout=30)
    assert process.returncode != 0
    assert sandbox_containers(client) == []


def test_the_reaper_removes_containers_of_dead_judges_only(docker_ready, settings):
    client = docker.from_env()
    dead = subprocess.Popen(["true"])
    dead.wait()
    common = dict(image=settings.sandbox.image, entrypoint=["sleep", "60"], detach=True)
    orphan = client.containers.create(labels={LABEL: "1", OWNER_LABEL: f"{os.uname().nodename}:{dead.pid}",
                                              CREATED_LABEL: str(int(time.time()))}, **common)
    alive = client.containers.create(labels={LABEL: "1", OWNER_LABEL: f"{os.uname().nodename}:{os.getpid()}",
                                             CREATED_LABEL: str(int(time.time()))}, **common)
    try:
        removed = reap(client)
        assert orphan.id[:12] in removed
        assert alive.id[:12] not in removed
        assert reap(client, max_age_s=-1) == [alive.id[:12]]
    finally:
        for container in (orphan, alive):
            try:
                container.remove(force=True)
            except docker.errors.NotFound:
                pass
