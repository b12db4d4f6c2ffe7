"""Runs one submission in one fresh, locked-down container, streams its report, and always removes it.

The box is fed in one archive (judge.sandbox.job: the hidden inputs in the vault, under names made from the
job's nonce). The runner's stdout is read as it is written, and only its lines framed with that nonce are
read at all: each test's outcome goes to the caller's on_event while the rest still run. The container's
life is judge.sandbox.containers'.
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
import time
from typing import Any

import docker
import docker.errors
from judgebox import protocol

from judge.errors import SandboxUnavailable
from judge.sandbox.base import OnRunEvent
from judge.sandbox.containers import (
    CREATED_LABEL,
    DOCKER_FAULTS,
    INSTANCE_LABEL,
    JOB_LABEL,
    LABEL,
    OWNER_LABEL,
    RUN_LABEL,
    Containers,
    log_cap,
    owner_id,
)
from judge.sandbox.image import HASH_LABEL
from judge.sandbox.job import SandboxJob
from judge.sandbox.report import ReportReader, RunReport
from judge.settings import SandboxSettings

__all__ = ["CREATED_LABEL", "JOB_LABEL", "LABEL", "OWNER_LABEL", "RUN_LABEL", "DockerSandbox", "owner_id"]
# Wall time for copying the archives in and the runner's start, beyond the run's budget (SandboxJob.budget_s),
# which covers loading and every test; with startup_allowance_s, the worst case of a run is fixed.
TRANSFER_ALLOWANCE_S = 10.0
log = logging.getLogger(__name__)
_END = b""  # what the log stream's queue carries once the stream is over


class DockerSandbox:
    def __init__(self, settings: SandboxSettings, client: docker.DockerClient | None = None):
        self.settings = settings
        self.containers = Containers(settings, client)
        self._fingerprint: str | None = None
        self._lock = threading.Lock()

    @property
    def client(self) -> docker.DockerClient:
        return self.containers.client

    def fingerprint(self) -> str:
        """What identifies the runner in the image: its source-hash label (`judge sandbox build`), else its id;
        asked of the engine once per process (a worker in its own image has no sandbox/ sources to hash)."""
        with self._lock:
            if self._fingerprint is None:
                self._fingerprint = self._read_fingerprint()
            return self._fingerprint

    def _read_fingerprint(self) -> str:
        try:
            image = self.client.images.get(self.settings.image)
        except docker.errors.ImageNotFound as exc:
            raise SandboxUnavailable(
                f"the sandbox image {self.settings.image} is missing; run `judge sandbox build`"
            ) from exc
        except DOCKER_FAULTS as exc:
            raise SandboxUnavailable(f"the Docker engine failed: {exc}") from exc
        label = (image.labels or {}).get(HASH_LABEL)
        return label if label and label != "unknown" else image.id.removeprefix("sha256:")[:16]

    def run(self, job: SandboxJob, on_event: OnRunEvent | None = None) -> RunReport:
        """One container for the whole job; each event of its report goes to on_event as it is read."""
        started = time.monotonic()
        instance = secrets.token_hex(8)
        container = None
        try:
            container = self.containers.create(job, instance)
            return self._judge(container, job, on_event, started)
        except DOCKER_FAULTS as exc:
            raise SandboxUnavailable(f"the Docker engine failed while judging: {exc}") from exc
        finally:
            if container is not None:
                self.containers.remove(container)
            else:  # interrupted while it was being made: the engine may have made it all the same
                self._remove_instance(instance)

    def _remove_instance(self, instance: str) -> None:
        from judge.sandbox.reaper import labelled_containers

        try:
            for container_id, _ in labelled_containers(self.client, f"{INSTANCE_LABEL}={instance}"):
                self.client.api.remove_container(container_id, force=True, v=True)
        except DOCKER_FAULTS:
            log.warning("a container of an interrupted run may be left; the reaper removes it", exc_info=True)

    def worst_case_s(self, job: SandboxJob) -> float:
        """The longest a job can hold a worker: its budget, STARVED_FACTOR times over on a machine too busy to
        give it the CPU (the runner stops by then), and a fixed allowance for the container. A container still
        running after it is stopped, and its tests left are the judge's internal_error, never the candidate's."""
        return protocol.STARVED_FACTOR * job.budget_s + self.settings.startup_allowance_s + TRANSFER_ALLOWANCE_S

    def _judge(self, container: Any, job: SandboxJob, on_event: OnRunEvent | None, started: float) -> RunReport:
        deadline = started + self.worst_case_s(job)
        reader = ReportReader(len(job.tests), job.nonce)
        self.containers.start(container)
        stream = _LogStream(container, log_cap(job))
        stream.start()
        container.put_archive(protocol.BOX, job.archive(owner=self.settings.uid))
        timed_out = False
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            try:
                chunk = stream.chunks.get(timeout=left)
            except queue.Empty:
                continue
            if chunk is _END:
                break
            for event in reader.feed(chunk):
                if on_event is not None:
                    _tell(on_event, event)
        timed_out = not self.containers.wait(container, max(0.0, deadline - time.monotonic())) or timed_out
        stream.join(timeout=10)
        container.reload()
        oom_killed = bool(container.attrs["State"].get("OOMKilled"))
        if stream.overflow:
            log.error("sandbox %s printed more than %d bytes; the rest was not read", job.label, log_cap(job))
        return reader.finish(timed_out=timed_out, oom_killed=oom_killed, wall_ms=(time.monotonic() - started) * 1000)

    def reap_job(self, label: str) -> None:
        from judge.sandbox.reaper import reap_job

        reap_job(self.client, label)

    def reap_orphans(self) -> None:
        from judge.sandbox.reaper import reap

        reap(self.client)


def _tell(on_event: OnRunEvent, event: Any) -> None:
    try:
        on_event(event)
    except Exception:  # noqa: BLE001 - a listener's failure must not fail the judging
        log.warning("a listener of the sandbox's events failed", exc_info=True)


class _LogStream(threading.Thread):
    """Follows the container's stdout into a queue: at most `cap` bytes of it, then _END."""

    def __init__(self, container: Any, cap: int):
        super().__init__(daemon=True)
        self.container, self.cap = container, cap
        self.chunks: queue.Queue[bytes] = queue.Queue()
        self.kept = 0
        self.overflow = False

    def run(self) -> None:
        try:
            for chunk in self.container.logs(stream=True, follow=True, stdout=True, stderr=False):
                if not chunk:
                    continue
                if self.kept + len(chunk) > self.cap:
                    self.overflow = True
                    continue  # drained, not kept
                self.kept += len(chunk)
                self.chunks.put(chunk)
        except Exception:  # noqa: BLE001 - the container went away: what was read is all there is
            log.debug("the sandbox's log stream ended", exc_info=True)
        finally:
            self.chunks.put(_END)
