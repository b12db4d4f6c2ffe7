"""Runs one submission in one fresh, locked-down container, streams its report, and always removes it.

A worker keeps one spare (SandboxSettings.spare): a container created and started ahead, its runner waiting
for its box, made in the background after each run for a job like the last one. The next job takes it, with
its nonce, so the container's creation and start are off the critical path. It is still used once and
removed, like any other, so isolation does not change. A spare is not used past SPARE_MAX_AGE_S (an image
rebuilt meanwhile is in the next one), nor after a run the judge failed on (the retry gets a fresh box), nor
when the job needs a larger log; a job with other memory limits has them set on it first. A spare's job label is "spare", so a dead worker's containers are found by their
owner (reap_owner) rather than by the submission.

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
from dataclasses import dataclass
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
    log_size_kb,
    memory_of,
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
SPARE_LABEL = "spare"  # a spare's job label: it is made before its job is known
SPARE_MAX_AGE_S = 300.0  # an older spare is removed, not used
SPARE_WAIT_S = 10.0  # how long a job waits for a spare still being made, rather than making its own


class _SpareGone(Exception):
    """The spare was removed before its box could be delivered."""


@dataclass(frozen=True)
class _Spare:
    container: Any
    instance: str
    nonce: str
    memory: str
    log_kb: int
    made: float  # time.monotonic() when it was started


class DockerSandbox:
    def __init__(self, settings: SandboxSettings, client: docker.DockerClient | None = None):
        self.settings = settings
        self.containers = Containers(settings, client)
        self._fingerprint: str | None = None
        self._lock = threading.Lock()
        self.keeps_spare = bool(settings.spare)
        self._spare: _Spare | None = None
        self._making: threading.Thread | None = None
        self._closed = False

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
        """One container for the whole job (the spare, if it fits); each event of its report goes to on_event
        as it is read."""
        started = time.monotonic()
        spare = self._take_spare(job)
        if spare is not None:
            try:
                return self._judge(spare.container, job.in_box(spare.nonce), on_event, started, running=True)
            except _SpareGone:  # removed from outside before its box arrived: nothing ran, a fresh one will do
                log.warning("the spare sandbox was gone; making a container for this job")
            except DOCKER_FAULTS as exc:
                raise SandboxUnavailable(f"the Docker engine failed while judging: {exc}") from exc
            finally:
                self.containers.remove(spare.container)
                self._prepare_spare(job)
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
            self._prepare_spare(job)

    # --- the spare ------------------------------------------------------------------------------------------

    def _take_spare(self, job: SandboxJob) -> _Spare | None:
        if not self.keeps_spare:
            return None
        making = self._making
        if making is not None:
            making.join(timeout=SPARE_WAIT_S)  # nearly made: quicker than making another
        with self._lock:
            spare, self._spare = self._spare, None
        if spare is None:
            return None
        if time.monotonic() - spare.made > SPARE_MAX_AGE_S or spare.log_kb < log_size_kb(job):
            self.containers.remove(spare.container)
            return None
        memory = memory_of(job, self.settings)
        if memory != spare.memory:
            try:
                self.containers.set_memory(spare.container, memory)
            except (*DOCKER_FAULTS, docker.errors.DockerException):
                log.warning("a spare's memory limit could not be set; a container is made instead", exc_info=True)
                self.containers.remove(spare.container)
                return None
        return spare

    def _prepare_spare(self, job: SandboxJob) -> None:
        """A spare for the next job, like this one, made on a thread of its own."""
        if not self.keeps_spare:
            return
        with self._lock:
            if self._closed or self._spare is not None or (self._making is not None and self._making.is_alive()):
                return
            self._making = threading.Thread(target=self._make_spare, args=(job,), name="judge-spare", daemon=True)
            self._making.start()

    def _make_spare(self, like: SandboxJob) -> None:
        instance, nonce = secrets.token_hex(8), secrets.token_hex(16)
        model = like.in_box(nonce)
        container = None
        try:
            container = self.containers.create(model, instance, label=SPARE_LABEL)
            self.containers.start(container)
        except Exception:  # noqa: BLE001 - no spare: the next job makes its own container, as without spares
            log.warning("a spare sandbox could not be made", exc_info=True)
            if container is not None:
                self.containers.remove(container)
            else:
                self._remove_instance(instance)
            return
        spare = _Spare(
            container, instance, nonce, memory_of(model, self.settings), log_size_kb(model), time.monotonic()
        )
        with self._lock:
            if not self._closed:
                self._spare = spare
                return
        self.containers.remove(container)

    def discard_spare(self) -> None:
        """The spare kept (or being made) removed; the next job makes its own container, then a new spare. After a
        run the judge itself failed on: the box may be at fault (an image mended since, say)."""
        making = self._making
        if making is not None:
            making.join(timeout=SPARE_WAIT_S)
        with self._lock:
            spare, self._spare = self._spare, None
        if spare is not None:
            self.containers.remove(spare.container)

    def close(self) -> None:
        """No more spares; the one kept is removed (a worker's end, a benchmark's)."""
        with self._lock:
            self._closed = True
        self.discard_spare()

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

    def _judge(
        self, container: Any, job: SandboxJob, on_event: OnRunEvent | None, started: float, running: bool = False
    ) -> RunReport:
        deadline = started + self.worst_case_s(job)
        reader = ReportReader(len(job.tests), job.nonce)
        if not running:  # a spare was started when it was made
            self.containers.start(container)
        stream = _LogStream(container, log_cap(job))
        stream.start()
        try:
            container.put_archive(protocol.BOX, job.archive(owner=self.settings.uid))
        except docker.errors.NotFound as exc:
            if running:
                raise _SpareGone from exc
            raise
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

    def reap_owner(self, owner: str) -> None:
        """Remove every container of one judge process (host:pid), its spare's too: the sweeper's, for a worker
        that died with a submission."""
        from judge.sandbox.reaper import reap_owner

        reap_owner(self.client, owner)

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
