"""Runs one submission in one fresh, locked-down container, and always removes it."""

from __future__ import annotations

import json
import os
import socket
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
# Time the runner may spend loading the submission and each test's input, on top of the tests' own limits.
RUNNER_ALLOWANCE_S = 30.0
PER_TEST_ALLOWANCE_S = 1.0


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
        started = time.monotonic()
        container = self._create(job)
        try:
            container.start()
            container.put_archive(protocol.BOX, job.archive())
            timed_out = not self._wait(container, self._deadline(job))
            logs = container.logs(stdout=True, stderr=False)
            container.reload()
            oom_killed = bool(container.attrs["State"].get("OOMKilled"))
        except (docker.errors.APIError, requests.exceptions.ConnectionError) as exc:
            raise SandboxUnavailable(f"the Docker engine failed while judging: {exc}") from exc
        finally:
            self._remove(container)
        return parse_report(logs, len(job.test_inputs), timed_out=timed_out, oom_killed=oom_killed,
                            wall_ms=(time.monotonic() - started) * 1000)

    def _deadline(self, job: SandboxJob) -> float:
        per_test = job.limits.effective_wall_s + PER_TEST_ALLOWANCE_S
        return self.settings.startup_allowance_s + RUNNER_ALLOWANCE_S + per_test * len(job.test_inputs)

    def _create(self, job: SandboxJob):
        s = self.settings
        memory = f"{job.limits.memory_mb + s.memory_overhead_mb}m"
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
                log_config=LogConfig(type=LogConfig.types.JSON, config={"max-size": "256m"}),
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


def parse_report(logs: bytes, test_count: int, *, timed_out: bool, oom_killed: bool, wall_ms: float) -> RunReport:
    """The runner's JSON lines (judgebox.protocol) as a report; anything else in them is the judge's fault."""
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
            internal = f"the runner printed something that is not a JSON object: {line[:200]}"
            break
        kind = event.get("type")
        index = event.get("index")
        if kind == protocol.HELLO:
            if event.get("protocol") != protocol.PROTOCOL_VERSION:
                internal = (f"the sandbox image speaks protocol {event.get('protocol')!r}, this judge "
                            f"{protocol.PROTOCOL_VERSION}: rebuild it with `judge sandbox build`")
                break
        elif kind == protocol.TEST and type(index) is int and 0 <= index < test_count:
            tests[index] = {k: v for k, v in event.items() if k not in ("type", "index")}
        elif kind == protocol.COMPILE_ERROR:
            compile_error = {k: event.get(k) for k in ("message", "line", "column")}
        elif kind == protocol.INFO:
            info = {k: v for k, v in event.items() if k != "type"}
        elif kind == protocol.INTERNAL_ERROR:
            internal = event.get("message", "the runner failed")
        elif kind == protocol.DONE:
            done = True
    if not done and internal is None and compile_error is None and not timed_out and not oom_killed \
            and any(t is None for t in tests):
        internal = "the runner stopped without reporting every test"
    return RunReport(tests=tuple(tests), compile_error=compile_error, info=info, internal_error=internal,
                     timed_out=timed_out, oom_killed=oom_killed, wall_ms=wall_ms)
