"""Runs one submission in one fresh, locked-down container, and always removes it."""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time

import docker
import docker.errors
import requests.exceptions
from docker.types import DriverConfig, LogConfig, Mount
from judgebox import protocol

from judge.errors import SandboxUnavailable
from judge.sandbox.image import HASH_LABEL
from judge.sandbox.job import RunReport, SandboxJob
from judge.settings import SandboxSettings

LABEL = "org.judge.sandbox"
OWNER_LABEL = "org.judge.owner"
CREATED_LABEL = "org.judge.created"
JOB_LABEL = "org.judge.job"
RUN_LABEL = "org.judge.run"
# Wall time for copying the archives in and the runner's start, beyond the run's budget (SandboxJob.budget_s),
# which covers loading and every test; with startup_allowance_s, the worst case of a run is fixed.
TRANSFER_ALLOWANCE_S = 10.0
# What the runner may print: each test's event carries at most its output and this much besides.
EVENT_ALLOWANCE_BYTES = 96 * 1024
PUBLIC_DONE_LINE = json.dumps({"type": protocol.PUBLIC_DONE}).encode()
log = logging.getLogger(__name__)


def owner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class DockerSandbox:
    def __init__(self, settings: SandboxSettings, client: docker.DockerClient | None = None):
        self.settings = settings
        self._client = client

    @property
    def client(self) -> docker.DockerClient:
        if self._client is None:
            try:
                self._client = (docker.DockerClient(base_url=self.settings.docker_url) if self.settings.docker_url
                                else docker.from_env())
            except docker.errors.DockerException as exc:
                raise SandboxUnavailable(f"cannot reach the Docker engine: {exc}") from exc
        return self._client

    def image_fingerprint(self) -> str:
        """What identifies the runner in the image: its source-hash label (`judge sandbox build`), else its id.

        Read from the engine, not from files here: a worker in its own image has no sandbox/ sources."""
        try:
            image = self.client.images.get(self.settings.image)
        except docker.errors.ImageNotFound as exc:
            raise SandboxUnavailable(f"the sandbox image {self.settings.image} is missing; run `judge sandbox build`"
                                     ) from exc
        except (docker.errors.APIError, requests.exceptions.ConnectionError) as exc:
            raise SandboxUnavailable(f"the Docker engine failed: {exc}") from exc
        label = (image.labels or {}).get(HASH_LABEL)
        return label if label and label != "unknown" else image.id.removeprefix("sha256:")[:16]

    def run(self, job: SandboxJob) -> RunReport:
        """One container for the whole job: public inputs first, hidden ones once the public tests ran."""
        started = time.monotonic()
        deadline = started + self.worst_case_s(job)
        container = self._create(job)
        reader = None
        try:
            container.start()
            reader = _LogReader(container, log_cap(job))
            reader.start()
            container.put_archive(protocol.BOX, job.archive())
            if job.has_hidden:
                while not reader.public_done.wait(0.01) and reader.is_alive() and time.monotonic() < deadline:
                    pass
                if reader.public_done.is_set():
                    container.put_archive(protocol.BOX, job.hidden_archive())
            timed_out = not self._wait(container, max(0.0, deadline - time.monotonic()))
            reader.join(timeout=10)
            container.reload()
            oom_killed = bool(container.attrs["State"].get("OOMKilled"))
        except (docker.errors.APIError, requests.exceptions.ConnectionError) as exc:
            raise SandboxUnavailable(f"the Docker engine failed while judging: {exc}") from exc
        finally:
            self._remove(container)
        if reader.overflow:
            log.error("sandbox %s printed more than %d bytes; the rest was not read", job.label, log_cap(job))
        return parse_report(bytes(reader.data), len(job.tests), timed_out=timed_out, oom_killed=oom_killed,
                            wall_ms=(time.monotonic() - started) * 1000)

    def worst_case_s(self, job: SandboxJob) -> float:
        """The longest a job can hold a worker: its budget, and a fixed allowance for the container."""
        return job.budget_s + self.settings.startup_allowance_s + TRANSFER_ALLOWANCE_S

    def _create(self, job: SandboxJob):
        s = self.settings
        memory = f"{job.limits.memory_mb + s.memory_overhead_mb}m"
        # json-file keeps at most this; the runner prints less (each test's event is capped), so a log that
        # reaches it is the runner's fault, and what is past it is not read (_LogReader).
        log_size = f"{2 * log_cap(job) // 1024 + 1024}k"
        # The inputs go on a size-bounded tmpfs volume: put_archive cannot write to a
        # read-only root or to a --tmpfs mount, but it can write to a volume.
        box = Mount(target=protocol.BOX, source=None, type="volume", driver_config=DriverConfig(
            "local", {"type": "tmpfs", "device": "tmpfs", "o": f"size={s.box_mb}m,mode=0755"}))
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
                tmpfs={"/tmp": f"size={s.tmpfs_mb}m,mode=1777,nosuid,nodev"},
                mounts=[box],
                ulimits=[docker.types.Ulimit(name="nofile", soft=256, hard=256)],
                log_config=LogConfig(type=LogConfig.types.JSON, config={"max-size": log_size, "max-file": "1"}),
                shm_size=s.tmpfs_mb * 1024 * 1024,
                labels={LABEL: "1", OWNER_LABEL: owner_id(), CREATED_LABEL: str(int(time.time())),
                        JOB_LABEL: job.label, **({RUN_LABEL: s.run_label} if s.run_label else {})},
                environment={},
                detach=True,
            )
        except docker.errors.ImageNotFound as exc:
            raise SandboxUnavailable(f"the sandbox image {s.image} is missing; build it with `judge sandbox build`") from exc
        except (docker.errors.APIError, requests.exceptions.ConnectionError, docker.errors.DockerException) as exc:
            raise SandboxUnavailable(f"cannot create a sandbox container: {exc}") from exc

    @staticmethod
    def _wait(container, timeout: float) -> bool:
        """True if the container exited by itself within the timeout."""
        try:
            container.wait(timeout=timeout)
            return True
        except requests.exceptions.ReadTimeout:
            pass
        except requests.exceptions.ConnectionError as exc:
            if "timed out" not in str(exc).lower():
                raise
        try:
            container.kill()
        except docker.errors.APIError:
            pass
        return False

    @staticmethod
    def _remove(container) -> None:
        for _ in range(3):
            try:
                container.remove(force=True, v=True)
                return
            except docker.errors.NotFound:
                return
            except (docker.errors.APIError, requests.exceptions.ConnectionError):
                time.sleep(0.2)
        # The reaper finds what is left by its label.


def log_cap(job: SandboxJob) -> int:
    """The most the runner of this job can print: every test's output and event, and the rest of the report."""
    return len(job.tests) * (job.limits.output_bytes + EVENT_ALLOWANCE_BYTES) + 1024 * 1024


class _LogReader(threading.Thread):
    """Follows the container's stdout: keeps at most `cap` bytes, and notes when the public tests are done."""

    def __init__(self, container, cap: int):
        super().__init__(daemon=True)
        self.container, self.cap = container, cap
        self.data = bytearray()
        self.overflow = False
        self.public_done = threading.Event()

    def run(self) -> None:
        try:
            for chunk in self.container.logs(stream=True, follow=True, stdout=True, stderr=False):
                if len(self.data) + len(chunk) > self.cap:
                    self.overflow = True
                    continue  # drained, not kept
                start = max(0, len(self.data) - len(PUBLIC_DONE_LINE))
                self.data += chunk
                if not self.public_done.is_set() and PUBLIC_DONE_LINE in self.data[start:]:
                    self.public_done.set()
        except Exception:  # noqa: BLE001 - the container went away: what was read is all there is
            log.debug("the sandbox's log stream ended", exc_info=True)


RUNNER_FAILED = "the judge's runner failed; this is not your fault, and the details are in the judge's log"
TEST_STATUSES = {protocol.STATUS_OK, protocol.STATUS_SKIPPED, *protocol.FAILURE_STATUSES}


def parse_report(logs: bytes, test_count: int, *, timed_out: bool, oom_killed: bool, wall_ms: float) -> RunReport:
    """The runner's JSON lines (judgebox.protocol) as a report, read strictly: known events and fields only,
    every string capped. Anything else in them is the judge's fault, told to the log and not to the candidate."""
    tests: list[dict | None] = [None] * test_count
    compile_error, info, internal, done = None, {}, None, False
    text = logs.decode("utf-8", "replace")
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except ValueError:
            event = None
        if not isinstance(event, dict):
            if number == len(lines) - 1 and not text.endswith("\n") and (timed_out or oom_killed):
                break  # the last line was cut short when the container was killed
            log.error("the runner printed something that is not a JSON object: %.500s", line)
            internal = "the runner printed something that is not a JSON object"
            break
        kind = event.get("type")
        index = event.get("index")
        if kind == protocol.HELLO:
            if event.get("protocol") != protocol.PROTOCOL_VERSION:
                internal = (f"the sandbox image speaks protocol {str(event.get('protocol'))[:20]}, this judge "
                            f"{protocol.PROTOCOL_VERSION}: rebuild it with `judge sandbox build`")
                break
        elif kind == protocol.TEST and type(index) is int and 0 <= index < test_count:
            if tests[index] is None and event.get("status") in TEST_STATUSES:
                tests[index] = _test_fields(event)
        elif kind == protocol.COMPILE_ERROR:
            compile_error = {"message": _text(event.get("message"), protocol.MESSAGE_CHARS) or "compile error",
                             "line": _count(event.get("line")), "column": _count(event.get("column"))}
        elif kind == protocol.INFO and isinstance(event.get("info"), dict):
            info = {str(k)[:100]: _text(v, protocol.INFO_CHARS) for k, v in list(event["info"].items())[:10]}
        elif kind == protocol.INTERNAL_ERROR:
            log.error("the sandbox's runner failed: %s", _text(event.get("message"), 20000))
            internal = RUNNER_FAILED
        elif kind == protocol.DONE:
            done = True
    if not done and internal is None and compile_error is None and not timed_out and not oom_killed \
            and any(t is None for t in tests):
        internal = "the runner stopped without reporting every test"
    return RunReport(tests=tuple(tests), compile_error=compile_error, info=info, internal_error=internal,
                     timed_out=timed_out, oom_killed=oom_killed, wall_ms=wall_ms)


def _test_fields(event: dict) -> dict:
    fields = {"status": event["status"]}
    if event["status"] == protocol.STATUS_OK and "output" in event:
        fields["output"] = event["output"]
    for key, limit in (("message", protocol.MESSAGE_CHARS), ("stdout", protocol.SHOWN_OUTPUT_BYTES),
                       ("stderr", protocol.SHOWN_OUTPUT_BYTES)):
        if event.get(key):
            fields[key] = _text(event[key], limit)
    for key in ("wall_ms", "cpu_ms"):
        if type(event.get(key)) in (int, float) and event[key] >= 0:
            fields[key] = float(event[key])
    if type(event.get("memory_kb")) is int and event["memory_kb"] >= 0:
        fields["memory_kb"] = event["memory_kb"]
    return fields


def _text(value, limit: int) -> str:
    value = value if isinstance(value, str) else ("" if value is None else json.dumps(value, default=str)[:limit])
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _count(value) -> int | None:
    return value if type(value) is int and 0 <= value < 10**9 else None
