"""PID 1 of the sandbox: runs every test of one submission and reports JSON lines.

Why PID 1 and non-dumpable: inside its PID namespace, init cannot be killed
by signals it has no handler for, and a non-dumpable process cannot be
ptraced or have its /proc/<pid>/fd opened by the submission, which runs as
the same user. So the submission cannot forge or silence the report.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import signal
import subprocess
import sys
import time
import traceback

from judgebox import protocol as P
from judgebox.protocol import READY_MARKER, TASK_FILE

# Module-level code and reading a test's input are not timed as part of a test,
# so they get bounds of their own: generous for imports and parsing, too short
# to precompute answers to large inputs before the clock starts.
LOAD_ALLOWANCE_S = 5.0
PREPARE_TIMEOUT_S = 10.0
# Starting the child's interpreter and the runner's modules, before any submission code.
RUNNER_START_TIMEOUT_S = 20.0
GRACE_S = 0.25
# How often a running test's CPU time is looked at: the time limit is CPU time, so that a busy
# machine (many sandboxes on few cores) slows a test down without turning it into a time limit.
CPU_POLL_S = 0.05
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SHOWN_OUTPUT_BYTES = 2048
CHILD_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": "/tmp",
    "LANG": "C.UTF-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MPLCONFIGDIR": "/tmp",
}


def emit(event: dict) -> None:
    sys.stdout.write(json.dumps(event, allow_nan=False) + "\n")
    sys.stdout.flush()


def make_undumpable() -> None:
    PR_SET_DUMPABLE = 4
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


class OomCounter:
    """Counts kernel OOM kills in this container's memory cgroup, where visible."""

    PATHS = ("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control")

    def read(self) -> int | None:
        for path in self.PATHS:
            try:
                with open(path) as handle:
                    for line in handle:
                        key, _, value = line.partition(" ")
                        if key == "oom_kill":
                            return int(value)
            except OSError:
                continue
        return None


class CappedOutput:
    """One of the child's output pipes: keeps the first bytes, counts all of them."""

    def __init__(self, fd: int):
        self.fd = fd
        os.set_blocking(fd, False)
        self.kept = bytearray()
        self.total = 0
        self.open = True

    def drain(self) -> None:
        while self.open:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk:
                self.open = False
                return
            if len(self.kept) < SHOWN_OUTPUT_BYTES:
                self.kept += chunk[: SHOWN_OUTPUT_BYTES - len(self.kept)]
            self.total += len(chunk)

    def take(self) -> str:
        self.drain()
        text = self.kept.decode("utf-8", "replace")
        self.kept.clear()
        self.total = 0
        return text


class ChildGone(Exception):
    pass


class Child:
    def __init__(self, output_limit: int):
        commands_r, self.commands_w = os.pipe()
        self.results_r, results_w = os.pipe()
        self.flooded = False
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-m", "judgebox.child", TASK_FILE, str(commands_r), str(results_w)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            pass_fds=(commands_r, results_w), cwd="/tmp", env=CHILD_ENV, start_new_session=True,
        )
        os.close(commands_r)
        os.close(results_w)
        self.output_limit = output_limit
        self.buffer = b""
        self.streams = [CappedOutput(self.process.stdout.fileno()), CappedOutput(self.process.stderr.fileno())]

    def send(self, message: dict) -> None:
        data = (json.dumps(message) + "\n").encode()
        try:
            os.write(self.commands_w, data)
        except OSError as exc:
            raise ChildGone() from exc

    def next_event(self, deadline: float) -> dict | None:
        """The next result line, or None if the deadline passes first."""
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            watched = [self.results_r] + [s.fd for s in self.streams if s.open]
            ready, _, _ = select.select(watched, [], [], remaining)
            if not ready:
                return None
            for stream in self.streams:
                if stream.fd in ready:
                    stream.drain()
            if sum(s.total for s in self.streams) > self.output_limit:
                self.flooded = True
                self.kill()
                raise ChildGone()
            if self.results_r in ready:
                chunk = os.read(self.results_r, 1 << 20)
                if not chunk:
                    raise ChildGone()
                self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        try:
            return json.loads(line)
        except ValueError:
            raise ChildGone() from None

    def output(self) -> dict:
        # The child flushes before it reports, so a test's output is already in the pipes.
        for stream in self.streams:
            stream.drain()
        if sum(s.total for s in self.streams) > self.output_limit:
            self.flooded = True
        stdout, stderr = (stream.take() for stream in self.streams)
        return {"stdout": stdout, "stderr": stderr}

    def cpu_seconds(self) -> float | None:
        """User and system CPU time of the child so far (all its threads), from /proc."""
        try:
            with open(f"/proc/{self.process.pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime and stime, fields 14 and 15

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass

    def close(self) -> int:
        self.kill()
        returncode = self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()
        for fd in (self.commands_w, self.results_r):
            try:
                os.close(fd)
            except OSError:
                pass
        return returncode


def _since(start: float | None, now: float | None) -> float:
    return now - start if start is not None and now is not None else 0.0


class Supervisor:
    def __init__(self, task: dict):
        self.task = task
        self.tests = task["tests"]
        self.time_limit = float(task["limits"]["time_s"])
        self.wall_limit = float(task["limits"]["wall_s"])
        self.memory_limit_kb = int(task["limits"]["memory_mb"]) * 1024
        self.output_limit = int(task["limits"]["output_bytes"])
        self.oom = OomCounter()
        self.child: Child | None = None

    def run(self) -> None:
        index = 0
        while index < len(self.tests):
            if self.child is None:
                failure = self._start_child()
                if failure == "compile_error":
                    return
                if failure is not None:
                    for rest in range(index, len(self.tests)):
                        emit({"type": P.TEST, "index": rest, **failure})
                    return
            emit({"type": P.TEST, "index": index, **self._run_test(index)})
            index += 1
        if self.child is not None:
            self.child.close()

    def _start_child(self) -> dict | str | None:
        self.child = Child(self.output_limit)
        oom_before = self.oom.read()
        try:
            event = self.child.next_event(time.monotonic() + RUNNER_START_TIMEOUT_S)
        except ChildGone:
            event = None
        if event is None or event.get("type") != P.CHILD_ALIVE:
            output = self.child.output()
            self._discard_child()
            return {"status": "internal_error", "message": f"the runner's child did not start: {output['stderr'][-500:]}"}
        try:
            event = self.child.next_event(time.monotonic() + self.time_limit + LOAD_ALLOWANCE_S)
        except ChildGone:
            return self._death("while loading the submission", oom_before)
        if event is None:
            self._discard_child()
            return {"status": "time_limit_exceeded",
                    "message": f"module-level code ran longer than {self.time_limit + LOAD_ALLOWANCE_S:g} s"}
        if event["type"] == P.COMPILE_ERROR:
            emit(event)
            self._discard_child()
            return "compile_error"
        if event["type"] == P.CHILD_LOAD_FAILED:
            output = self.child.output()
            self._discard_child()
            return {"status": event["status"], "message": event["message"], **output}
        if event.get("info"):
            emit({"type": P.INFO, **event["info"]})
        return None

    def _run_test(self, index: int) -> dict:
        child = self.child
        oom_before = self.oom.read()
        try:
            child.send({"index": index, "test": self.tests[index]})
            event = child.next_event(time.monotonic() + PREPARE_TIMEOUT_S)
            if event is None:
                self._discard_child()
                # Only the submission can make this slow, for instance by patching what reads the input.
                return {"status": "time_limit_exceeded", "message": "reading the test input took too long"}
            started, cpu_start = time.monotonic(), child.cpu_seconds()
            wall_deadline = started + self.wall_limit + GRACE_S
            while (event := child.next_event(min(wall_deadline, time.monotonic() + CPU_POLL_S))) is None:
                cpu_used = _since(cpu_start, child.cpu_seconds())
                if cpu_used > self.time_limit + GRACE_S or time.monotonic() >= wall_deadline:
                    break
        except ChildGone:
            return self._death("while running this test", oom_before)
        if event is None:
            output = child.output()
            self._discard_child()
            wall_ms = round((time.monotonic() - started) * 1000, 3)
            message = (f"stopped after {self.time_limit:g} s of CPU time" if cpu_used > self.time_limit else
                       f"stopped after {self.wall_limit:g} s of wall time (waiting, not computing)")
            return {"status": "time_limit_exceeded", "wall_ms": wall_ms, "cpu_ms": round(cpu_used * 1000, 3),
                    "message": message, **output}
        result = {k: v for k, v in event.items() if k not in ("type", "index")}
        result.update(child.output())
        if child.flooded:
            self._discard_child()
            return self._flood_result(result)
        if result["status"] == P.STATUS_OK:
            if result.get("cpu_ms", 0) > self.time_limit * 1000 or result.get("wall_ms", 0) > self.wall_limit * 1000:
                result["status"] = "time_limit_exceeded"
            elif result.get("memory_kb", 0) > self.memory_limit_kb:
                result["status"] = "memory_limit_exceeded"
            if result["status"] != P.STATUS_OK:
                result.pop("output", None)
        return result

    def _flood_result(self, result: dict) -> dict:
        result.pop("output", None)
        return {**result, "status": "output_limit_exceeded",
                "message": f"the program printed more than {self.output_limit} bytes"}

    def _death(self, when: str, oom_before: int | None) -> dict:
        child = self.child
        output = child.output()
        flooded = child.flooded
        returncode = self._discard_child()
        if flooded:
            return self._flood_result(output)
        oom_after = self.oom.read()
        if oom_after is not None and oom_before is not None and oom_after > oom_before:
            return {"status": "memory_limit_exceeded", "message": f"killed for using too much memory {when}", **output}
        if returncode == -signal.SIGKILL and oom_after is None:
            return {"status": "memory_limit_exceeded", "message": f"killed {when}, most likely for memory", **output}
        if returncode is not None and returncode < 0:
            reason = f"killed by signal {signal.Signals(-returncode).name} {when}"
        else:
            reason = f"the process exited with status {returncode} {when}"
        return {"status": "runtime_error", "message": reason, **output}

    def _discard_child(self) -> int | None:
        child, self.child = self.child, None
        return child.close() if child else None


def wait_for_task() -> dict:
    while not os.path.exists(READY_MARKER):
        time.sleep(0.005)
    with open(TASK_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def main() -> int:
    make_undumpable()
    try:
        task = wait_for_task()
        emit({"type": P.HELLO, "protocol": P.PROTOCOL_VERSION})
        Supervisor(task).run()
    except BaseException:  # noqa: BLE001 - anything here is the judge's fault, and must be reported as such
        emit({"type": P.INTERNAL_ERROR, "message": traceback.format_exc(limit=5)})
        return 1
    emit({"type": P.DONE})
    return 0
