"""Finds sandbox containers whose judge died before removing them, by their labels."""

from __future__ import annotations

import os
import socket
import time

import docker.errors

from judge.sandbox.containers import CREATED_LABEL, JOB_LABEL, LABEL, OWNER_LABEL


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


def labelled_containers(client, label: str) -> list[tuple[str, dict]]:
    """(id, labels) of every container, running or not, carrying label ("key" or "key=value").

    One list call and no inspection per container: a judge may remove a container
    between the two, and the high-level list would then fail with NotFound.
    """
    return [(c["Id"], c.get("Labels") or {}) for c in client.api.containers(all=True, filters={"label": label})]


def _remove(client, container_id: str) -> bool:
    try:
        client.api.remove_container(container_id, force=True, v=True)
        return True
    except docker.errors.NotFound:
        return False  # removed meanwhile by its own judge


def reap(client, max_age_s: float | None = None, everything: bool = False) -> list[str]:
    """Remove orphaned sandbox containers; returns their ids."""
    removed = []
    now = time.time()
    for container_id, labels in labelled_containers(client, LABEL):
        too_old = max_age_s is not None and now - float(labels.get(CREATED_LABEL, now)) > max_age_s
        if (everything or too_old or not _owner_alive(labels.get(OWNER_LABEL, ""))) and _remove(client, container_id):
            removed.append(container_id[:12])
    return removed


def reap_job(client, job: str) -> list[str]:
    """Remove the containers of one job (a submission id), whichever judge started them."""
    return [
        container_id[:12]
        for container_id, _ in labelled_containers(client, f"{JOB_LABEL}={job}")
        if _remove(client, container_id)
    ]


def reap_owner(client, owner: str) -> list[str]:
    """Remove the containers of one judge process (host:pid): the one it judged in, and its spare."""
    return [
        container_id[:12]
        for container_id, _ in labelled_containers(client, f"{OWNER_LABEL}={owner}")
        if _remove(client, container_id)
    ]
