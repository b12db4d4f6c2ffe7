"""Containers are removed whatever happens, and orphans are found by their labels."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import docker
import pytest

from judge.sandbox.docker_sandbox import CREATED_LABEL, LABEL, OWNER_LABEL
from judge.sandbox.reaper import labelled_containers, reap
from tests.conftest import FIXTURES

pytestmark = [pytest.mark.sandbox, pytest.mark.serial]


def sandbox_containers(client):
    return labelled_containers(client, LABEL)


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_check_removes_its_container(docker_ready, settings, tmp_path, stop_signal):
    client = docker.from_env()
    solution = tmp_path / "slow.py"
    solution.write_text("import time\ndef solve(a, b):\n    time.sleep(60)\n")
    env = {**os.environ, "JUDGE_CACHE_DIR": str(settings.cache_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "judge.cli", "check", str(FIXTURES / "add-canary"), str(solution)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
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
    orphan = client.containers.create(
        labels={LABEL: "1", OWNER_LABEL: f"{os.uname().nodename}:{dead.pid}", CREATED_LABEL: str(int(time.time()))},
        **common,
    )
    alive = client.containers.create(
        labels={LABEL: "1", OWNER_LABEL: f"{os.uname().nodename}:{os.getpid()}", CREATED_LABEL: str(int(time.time()))},
        **common,
    )
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


def test_the_reaper_tolerates_containers_removed_while_it_looks(docker_ready, settings):
    """Judges remove their containers at any moment; a reaper running beside them must not fail on one gone."""
    client = docker.from_env()
    stop = threading.Event()
    labels = {LABEL: "1", OWNER_LABEL: f"{os.uname().nodename}:{os.getpid()}", CREATED_LABEL: str(int(time.time()))}

    def churn():
        while not stop.is_set():
            container = client.containers.create(settings.sandbox.image, entrypoint=["true"], labels=labels)
            container.remove(force=True)

    churner = threading.Thread(target=churn, daemon=True)
    churner.start()
    try:
        deadline = time.monotonic() + 4
        sweeps = 0
        while time.monotonic() < deadline:
            assert reap(client) == []  # the churned containers' owner (this process) is alive
            sweeps += 1
    finally:
        stop.set()
        churner.join(timeout=30)
    assert sweeps > 10
