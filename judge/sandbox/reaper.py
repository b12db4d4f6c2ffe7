"""Finds sandbox containers whose judge died before removing them, by their labels."""

from __future__ import annotations

import os
import socket
import time

import docker.errors

from judge.sandbox.docker_sandbox import CREATED_LABEL, JOB_LABEL, LABEL, OWNER_LABEL


def _owner_alive(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine's judge: only age can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap(client, max_age_s: float | None = None, everything: bool = False) -> list[str]:
    """Remove orphaned sandbox containers; returns their ids."""
    removed = []
    now = time.time()
    for container in client.containers.list(all=True, filters={"label": LABEL}):
        labels = container.labels or {}
        too_old = max_age_s is not None and now - float(labels.get(CREATED_LABEL, now)) > max_age_s
        if everything or too_old or not _owner_alive(labels.get(OWNER_LABEL, "")):
            try:
                container.remove(force=True, v=True)
                removed.append(container.id[:12])
            except docker.errors.NotFound:
                pass
    return removed


def reap_job(client, job: str) -> list[str]:
    """Remove the containers of one job (a submission id), whichever judge started them."""
    removed = []
    for container in client.containers.list(all=True, filters={"label": f"{JOB_LABEL}={job}"}):
        try:
            container.remove(force=True, v=True)
            removed.append(container.id[:12])
        except docker.errors.NotFound:
            pass
    return removed
