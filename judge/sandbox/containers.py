"""The life of a sandbox container, apart from what runs in it: created locked down, started, always removed.

Kept apart from feeding the box and reading the report (judge.sandbox.docker_sandbox), so that a spare
container can later be created ahead of a job without touching how a job is judged.
"""

from __future__ import annotations

import os
import socket
import time
from typing import Any

import docker
import docker.errors
import requests.exceptions
from docker.types import DriverConfig, LogConfig, Mount
from judgebox import protocol

from judge.errors import SandboxUnavailable
from judge.sandbox.job import SandboxJob
from judge.settings import SandboxSettings

LABEL = "org.judge.sandbox"
OWNER_LABEL = "org.judge.owner"
CREATED_LABEL = "org.judge.created"
INSTANCE_LABEL = "org.judge.instance"  # one run's own, fresh each time
JOB_LABEL = "org.judge.job"
RUN_LABEL = "org.judge.run"
# What the runner may print: each test's event carries at most its output and this much besides.
EVENT_ALLOWANCE_BYTES = 96 * 1024
DOCKER_FAULTS = (docker.errors.APIError, requests.exceptions.ConnectionError)


def owner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def log_cap(job: SandboxJob) -> int:
    """The most the runner of this job can print: every test's output and event, and the rest of the report."""
    return len(job.tests) * (job.limits.output_bytes + EVENT_ALLOWANCE_BYTES) + 1024 * 1024


def memory_of(job: SandboxJob, settings: SandboxSettings) -> str:
    return f"{job.limits.memory_mb + settings.memory_overhead_mb}m"


def log_size_kb(job: SandboxJob) -> int:
    return 2 * log_cap(job) // 1024 + 1024


class Containers:
    """Creates, starts and removes sandbox containers on one Docker engine."""

    def __init__(self, settings: SandboxSettings, client: docker.DockerClient | None = None):
        self.settings = settings
        self._client = client

    @property
    def client(self) -> docker.DockerClient:
        if self._client is None:
            try:
                self._client = (
                    docker.DockerClient(base_url=self.settings.docker_url)
                    if self.settings.docker_url
                    else docker.from_env()
                )
            except docker.errors.DockerException as exc:
                raise SandboxUnavailable(f"cannot reach the Docker engine: {exc}") from exc
        return self._client

    def create(self, job: SandboxJob, instance: str = "", label: str | None = None) -> Any:
        """A new container for the job, every limit set, not yet started; labelled with `instance`, so that one
        whose creation was interrupted (the engine made it, the answer never came back) can still be found.
        A spare is created for a job like the last one (its limits and nonce), labelled `label` ("spare")."""
        s = self.settings
        memory = memory_of(job, s)
        # json-file keeps at most this; the runner prints less (each test's event is capped), so a log that
        # reaches it is the runner's fault, and what is past it is not read.
        log_size = f"{log_size_kb(job)}k"
        # The inputs go on a size-bounded tmpfs volume: put_archive cannot write to a
        # read-only root or to a --tmpfs mount, but it can write to a volume.
        box = Mount(
            target=protocol.BOX,
            source=None,
            type="volume",
            driver_config=DriverConfig(
                "local", {"type": "tmpfs", "device": "tmpfs", "o": f"size={s.box_mb}m,mode=0755"}
            ),
        )
        try:
            return self.client.containers.create(
                s.image,
                user=s.user,
                network_disabled=True,
                read_only=True,
                cap_drop=["ALL"],
                security_opt=["no-new-privileges"],
                pids_limit=s.pids_limit,
                mem_limit=memory,
                memswap_limit=memory,
                nano_cpus=int(s.cpus * 1e9),
                cpu_shares=s.cpu_shares,  # below the service's: judging yields to it (cpu.weight on cgroup v2)
                tmpfs={"/tmp": f"size={s.tmpfs_mb}m,mode=1777,nosuid,nodev"},
                mounts=[box],
                ulimits=[docker.types.Ulimit(name="nofile", soft=256, hard=256)],
                log_config=LogConfig(type=LogConfig.types.JSON, config={"max-size": log_size, "max-file": "1"}),
                shm_size=s.tmpfs_mb * 1024 * 1024,
                labels={
                    LABEL: "1",
                    OWNER_LABEL: owner_id(),
                    CREATED_LABEL: str(int(time.time())),
                    JOB_LABEL: label or job.label,
                    INSTANCE_LABEL: instance,
                    **({RUN_LABEL: s.run_label} if s.run_label else {}),
                },
                environment={protocol.NONCE_ENV: job.nonce},  # the runner's alone: see judgebox.protocol
                detach=True,
            )
        except docker.errors.ImageNotFound as exc:
            raise SandboxUnavailable(
                f"the sandbox image {s.image} is missing; build it with `judge sandbox build`"
            ) from exc
        except (*DOCKER_FAULTS, docker.errors.DockerException) as exc:
            raise SandboxUnavailable(f"cannot create a sandbox container: {exc}") from exc

    @staticmethod
    def start(container: Any) -> None:
        container.start()

    @staticmethod
    def set_memory(container: Any, memory: str) -> None:
        """A started container's memory limit changed (a spare made for a job with other limits)."""
        container.update(mem_limit=memory, memswap_limit=memory)

    @staticmethod
    def wait(container: Any, timeout: float) -> bool:
        """True if the container exited by itself within the timeout; else it is killed."""
        try:
            container.wait(timeout=timeout)
            return True
        except requests.exceptions.ReadTimeout:
            pass
        except requests.exceptions.ConnectionError as exc:
            if "timed out" not in str(exc).lower():
                raise
        Containers.kill(container)
        return False

    @staticmethod
    def kill(container: Any) -> None:
        try:
            container.kill()
        except docker.errors.APIError:
            pass

    @staticmethod
    def remove(container: Any) -> None:
        for _ in range(3):
            try:
                container.remove(force=True, v=True)
                return
            except docker.errors.NotFound:
                return
            except DOCKER_FAULTS:
                time.sleep(0.2)
        # The reaper finds what is left by its label.
