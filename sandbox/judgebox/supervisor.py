"""PID 1 of the sandbox: runs every test of one submission, measures it, and reports JSON lines.

Why PID 1 and non-dumpable: inside its PID namespace, init cannot be killed
by signals it has no handler for (so it keeps none: not even Python's SIGINT
handler), and a non-dumpable process cannot be ptraced or have its
/proc/<pid>/fd opened by the submission, which runs as the same user. So the
submission cannot forge or silence the report.

What is measured here, never taken from the child: a test's wall time and CPU time (every thread of the
child, from the moment its command is sent, so reading the input counts), and its memory (the child's
peak resident size from /proc, which it cannot reset, plus what it keeps in the tmpfs mounts). The child
can start no other process (judgebox.seccomp), so nothing escapes these figures. Whatever the child sends
is checked field by field and capped.

Public tests run first; hidden tests' inputs arrive only after the runner says PUBLIC_DONE, so nothing a
public test shows can hold a hidden input. Once a test of a group listed in skip_after_failure fails,
the rest of that group is skipped; once the run's budget is spent, every test left is.
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
from judgebox.protocol import HIDDEN_READY_MARKER, READY_MARKER, TASK_FILE

# Module-level code is bounded by time_s plus this (and by the run's budget).
LOAD_ALLOWANCE_S = 5.0
# Starting the child's interpreter and the runner's modules, before any submission code.
RUNNER_START_TIMEOUT_S = 20.0
# How long the runner waits for the judge to put the hidden inputs in; not counted in the budget.
HIDDEN_WAIT_S = 120.0
GRACE_S = 0.25
# How often a running test's CPU time and memory are looked at: the time limit is CPU time, so that a busy
# machine (many sandboxes on few cores) slows a test down without turning it into a time limit.
POLL_S = 0.05
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
RESULT_SLACK_BYTES = 64 * 1024  # a result line beyond its output: the status, a message
CHILD_STATUSES = {P.STATUS_OK, "runtime_error", "memory_limit_exceeded", "time_limit_exceeded", "compile_error",
                  "output_limit_exceeded"}
INFO_KEYS = 10
TMPFS_MOUNTS = ("/tmp", "/dev/shm")
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


def drop_signal_handlers() -> None:
    """No handler for any signal: the kernel then discards every signal sent to init from inside its namespace.

    Python installs one for SIGINT (KeyboardInterrupt), through which the submission could interrupt the runner.
    """
    for number in signal.valid_signals():
        try:
            if callable(signal.getsignal(number)):
                signal.signal(number, signal.SIG_DFL)
        except (OSError, ValueError, TypeError):
            continue


def text(value, limit: int) -> str:
    """A string the child sent, as a string and no longer than limit."""
    value = value if isinstance(value, str) else json.dumps(value, default=str)[:limit]
    return value if len(value) <= limit else value[: limit - 1] + "…"


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


class TmpfsUsage:
    """Kilobytes the writable tmpfs mounts hold beyond what they held at the start: memory too."""

    def __init__(self):
        self.baseline = self._used()

    @staticmethod
    def _used() -> int:
        total = 0
        for mount in TMPFS_MOUNTS:
            try:
                stats = os.statvfs(mount)
            except OSError:
                continue
            total += (stats.f_blocks - stats.f_bfree) * stats.f_frsize
        return total

    def kb(self) -> int:
        return max(0, self._used() - self.baseline) // 1024


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
            if len(self.kept) < P.SHOWN_OUTPUT_BYTES:
                self.kept += chunk[: P.SHOWN_OUTPUT_BYTES - len(self.kept)]
            self.total += len(chunk)

    def take(self) -> str:
        self.drain()
        taken = self.kept.decode("utf-8", "replace")
        self.kept.clear()
        self.total = 0
        return taken


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
        self.line_limit = output_limit + RESULT_SLACK_BYTES
        self.buffer = b""
        self.streams = [CappedOutput(self.process.stdout.fileno()), CappedOutput(self.process.stderr.fileno())]

    def send(self, message: dict) -> None:
        data = (json.dumps(message) + "\n").encode()
        try:
            os.write(self.commands_w, data)
        except OSError as exc:
            raise ChildGone() from exc

    def next_event(self, deadline: float) -> dict | None:
        """The next result line, or None if the deadline passes first; a line that is too long is a flood."""
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
                self._flood()
            if self.results_r in ready:
                chunk = os.read(self.results_r, 1 << 20)
                if not chunk:
                    raise ChildGone()
                self.buffer += chunk
                if b"\n" not in self.buffer and len(self.buffer) > self.line_limit:
                    self._flood()
        line, _, self.buffer = self.buffer.partition(b"\n")
        if len(line) > self.line_limit:
            self._flood()
        try:
            event = json.loads(line)
        except ValueError:
            raise ChildGone() from None
        if not isinstance(event, dict):
            raise ChildGone()
        return event

    def _flood(self):
        self.flooded = True
        self.kill()
        raise ChildGone()

    def output(self) -> dict:
        # The child flushes before it reports, so a test's output is already in the pipes.
        for stream in self.streams:
            stream.drain()
        if sum(s.total for s in self.streams) > self.output_limit:
            self.flooded = True
        stdout, stderr = (stream.take() for stream in self.streams)
        return {"stdout": stdout, "stderr": stderr}

    def cpu_seconds(self) -> float:
        """User and system CPU time of the child so far, all its threads, from /proc."""
        try:
            with open(f"/proc/{self.process.pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return 0.0
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime and stime, fields 14 and 15

    def peak_kb(self) -> int:
        """The child's peak resident size since it started (VmHWM). It is non-dumpable, so its clear_refs is
        root's: the peak cannot be reset between tests (see OwnPeak)."""
        return self._status_kb("VmHWM:")

    def resident_kb(self) -> int:
        """The child's resident size now (VmRSS)."""
        return self._status_kb("VmRSS:")

    def _status_kb(self, field: str) -> int:
        try:
            with open(f"/proc/{self.process.pid}/status") as handle:
                for line in handle:
                    if line.startswith(field):
                        return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            pass
        return 0

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


class OwnPeak:
    """One test's own peak, though the child's high-water mark only grows along its tests.

    If the test raised the child's high-water mark, that mark is the test's peak, exactly: the kernel saw it.
    Otherwise the test stayed under an earlier test's peak, and its own is the largest resident size the
    supervisor saw during it (at its start, every poll, and its end). That can miss a spike shorter than a
    poll, but never the limit: the limit is checked against the high-water mark, which misses nothing.
    """

    def __init__(self, child: Child):
        self.child = child
        self.mark_before = child.peak_kb()
        self.seen = child.resident_kb()

    def sample(self) -> None:
        self.seen = max(self.seen, self.child.resident_kb())

    def peak_kb(self) -> int:
        self.sample()
        mark = self.child.peak_kb()
        return mark if mark > self.mark_before else min(self.seen, mark)


class Supervisor:
    def __init__(self, task: dict):
        self.task = task
        self.tests = task["tests"]
        self.time_limit = float(task["limits"]["time_s"])
        self.wall_limit = float(task["limits"]["wall_s"])
        self.memory_limit_kb = int(task["limits"]["memory_mb"]) * 1024
        self.output_limit = int(task["limits"]["output_bytes"])
        self.skip_groups = set(task.get("skip_after_failure", ()))
        self.failed_groups: set[str] = set()
        # The budget counts from here: loading, reading inputs, running and restarting all spend it.
        self.budget_s = float(task.get("budget_s", float("inf")))
        self.budget_deadline = time.monotonic() + self.budget_s
        self.oom = OomCounter()
        self.tmpfs = TmpfsUsage()
        self.child: Child | None = None
        self.loaded_before = False

    def run(self) -> None:
        order = [i for i, t in enumerate(self.tests) if not t.get("hidden")]
        order += [i for i, t in enumerate(self.tests) if t.get("hidden")]
        hidden_ready = False
        for position, index in enumerate(order):
            test = self.tests[index]
            if test.get("hidden") and not hidden_ready:
                hidden_ready = True
                if not self._receive_hidden_inputs():
                    for rest in order[position:]:
                        emit({"type": P.TEST, "index": rest, "status": "internal_error",
                              "message": "the judge did not send the hidden tests' inputs"})
                    return
            skipped = self._skip_reason(test)
            if skipped:
                emit({"type": P.TEST, "index": index, "status": P.STATUS_SKIPPED, "message": skipped})
                continue
            if self.child is None:
                failure = self._start_child()
                if failure == "compile_error":
                    return
                if failure is not None:
                    for rest in order[position:]:
                        emit({"type": P.TEST, "index": rest, **failure})
                    return
            result = self._run_test(index)
            emit({"type": P.TEST, "index": index, **result})
            if result["status"] != P.STATUS_OK and test.get("group") in self.skip_groups:
                self.failed_groups.add(test["group"])
        if self.child is not None:
            self.child.close()

    def _skip_reason(self, test: dict) -> str | None:
        if time.monotonic() >= self.budget_deadline:
            return f"not run: the time budget of the whole run ({self.budget_s:g} s) was spent"
        if test.get("group") in self.failed_groups:
            return f"not run: an earlier test of the group {test['group']} failed"
        return None

    def _receive_hidden_inputs(self) -> bool:
        """Say the public tests are done, then wait for the hidden inputs; the wait is not the submission's."""
        emit({"type": P.PUBLIC_DONE})
        started = time.monotonic()
        while not os.path.exists(HIDDEN_READY_MARKER):
            if time.monotonic() - started > HIDDEN_WAIT_S:
                return False
            time.sleep(0.005)
        self.budget_deadline += time.monotonic() - started
        return True

    def _start_child(self) -> dict | str | None:
        """A child with the submission loaded: None, or the failure every remaining test gets."""
        self.child = Child(self.output_limit)
        first_load = not self.loaded_before
        oom_before = self.oom.read()
        try:
            alive = self.child.next_event(time.monotonic() + RUNNER_START_TIMEOUT_S)
            confined = self.child.next_event(time.monotonic() + RUNNER_START_TIMEOUT_S) if alive else None
        except ChildGone:
            alive = confined = None
        if alive is None or alive.get("type") != P.CHILD_ALIVE or confined is None:
            output = self.child.output()
            self._discard_child()
            return {"status": "internal_error", "message": f"the runner's child did not start: {output['stderr'][-500:]}"}
        if confined.get("type") != P.CHILD_CONFINED:  # still the runner's own code: trusted
            self._discard_child()
            return {"status": "internal_error", "message": text(confined.get("message", "the child is not confined"),
                                                                P.MESSAGE_CHARS)}
        load_deadline = min(time.monotonic() + self.time_limit + LOAD_ALLOWANCE_S, self.budget_deadline)
        try:
            event = self.child.next_event(load_deadline)
        except ChildGone:
            return self._death("while loading the submission", oom_before)
        if event is None:
            self._discard_child()
            return {"status": "time_limit_exceeded",
                    "message": f"module-level code ran longer than {self.time_limit + LOAD_ALLOWANCE_S:g} s"}
        kind = event.get("type")
        if kind == P.COMPILE_ERROR and first_load:
            # Only before any test: later, the source is the same and a "compile error" would be the
            # submission's own words, written after it could read test inputs.
            self._discard_child()
            emit({"type": P.COMPILE_ERROR, "message": text(event.get("message", ""), P.MESSAGE_CHARS),
                  "line": _int_or_none(event.get("line")), "column": _int_or_none(event.get("column"))})
            return "compile_error"
        if kind == P.CHILD_LOAD_FAILED and event.get("status") in CHILD_STATUSES - {P.STATUS_OK, "compile_error"}:
            output = self.child.output()
            self._discard_child()
            return {"status": event["status"], "message": text(event.get("message", ""), P.MESSAGE_CHARS), **output}
        if kind != P.CHILD_READY:
            self._discard_child()
            return {"status": "runtime_error", "message": "the submission's process broke the runner's protocol "
                                                          "while loading"}
        if first_load and isinstance(event.get("info"), dict) and event["info"]:
            info = {str(k)[:100]: text(v, P.INFO_CHARS) for k, v in list(event["info"].items())[:INFO_KEYS]}
            emit({"type": P.INFO, "info": info})
        self.loaded_before = True
        return None

    def _measure(self, child: Child, started: float, cpu_start: float, memory: "OwnPeak | None" = None) -> dict:
        """The test's figures; memory_kb is the child's high-water mark (for the limit) unless `memory` is
        given, for the test's own peak (what is reported)."""
        return {"wall_ms": round((time.monotonic() - started) * 1000, 3),
                "cpu_ms": round((child.cpu_seconds() - cpu_start) * 1000, 3),
                "memory_kb": (memory.peak_kb() if memory else child.peak_kb()) + self.tmpfs.kb()}

    def _run_test(self, index: int) -> dict:
        child = self.child
        oom_before = self.oom.read()
        cpu_start = child.cpu_seconds()
        memory = OwnPeak(child)
        started = time.monotonic()
        test_deadline = started + self.wall_limit + GRACE_S
        deadline = min(test_deadline, self.budget_deadline)
        stopped = None
        try:
            child.send({"index": index, "test": self.tests[index]})
            while (event := child.next_event(min(deadline, time.monotonic() + POLL_S))) is None:
                memory.sample()
                measured = self._measure(child, started, cpu_start)
                if measured["cpu_ms"] > (self.time_limit + GRACE_S) * 1000:
                    stopped = ("time_limit_exceeded", f"stopped after {self.time_limit:g} s of CPU time")
                elif measured["memory_kb"] > self.memory_limit_kb:
                    stopped = ("memory_limit_exceeded",
                               f"stopped at {measured['memory_kb'] // 1024} MiB, over the limit of "
                               f"{self.memory_limit_kb // 1024} MiB")
                elif time.monotonic() >= deadline:
                    stopped = ("time_limit_exceeded",
                               f"stopped after {self.wall_limit:g} s of wall time (waiting, not computing)"
                               if deadline == test_deadline else
                               f"stopped: the time budget of the whole run ({self.budget_s:g} s) was spent")
                if stopped:
                    break
        except ChildGone:
            return self._death("while running this test", oom_before, self._measure(child, started, cpu_start))
        over_limit = child.peak_kb() + self.tmpfs.kb() > self.memory_limit_kb
        measured = self._measure(child, started, cpu_start, memory)
        if stopped:
            output = child.output()
            self._discard_child()
            return {"status": stopped[0], "message": stopped[1], **measured, **output}
        if event.get("type") != P.CHILD_RESULT or event.get("index") != index \
                or event.get("status") not in CHILD_STATUSES:
            output = child.output()
            self._discard_child()
            return {"status": "runtime_error", "message": "the submission's process broke the runner's protocol",
                    **measured, **output}
        result = {"status": event["status"]}
        if event["status"] == P.STATUS_OK:
            result["output"] = event.get("output")
        if event.get("message"):
            result["message"] = text(event["message"], P.MESSAGE_CHARS)
        result.update(child.output())
        if child.flooded:
            self._discard_child()
            return self._flood_result({**result, **measured})
        result.update(measured)
        # The limits, on the supervisor's own figures.
        if measured["cpu_ms"] > self.time_limit * 1000:
            result.update(status="time_limit_exceeded", message=f"used {measured['cpu_ms'] / 1000:.2f} s of CPU "
                                                                f"time; the limit is {self.time_limit:g} s")
        elif measured["wall_ms"] > self.wall_limit * 1000:
            result.update(status="time_limit_exceeded", message=f"took {measured['wall_ms'] / 1000:.2f} s of wall "
                                                                f"time; the limit is {self.wall_limit:g} s")
        elif over_limit or measured["memory_kb"] > self.memory_limit_kb:
            result.update(status="memory_limit_exceeded",
                          message=f"used {max(measured['memory_kb'], child.peak_kb()) // 1024} MiB; the limit is "
                                  f"{self.memory_limit_kb // 1024} MiB")
        if result["status"] != P.STATUS_OK:
            result.pop("output", None)
        return result

    def _flood_result(self, result: dict) -> dict:
        result.pop("output", None)
        return {**result, "status": "output_limit_exceeded",
                "message": f"the program printed or returned more than {self.output_limit} bytes"}

    def _death(self, when: str, oom_before: int | None, measured: dict | None = None) -> dict:
        child = self.child
        output = child.output()
        flooded = child.flooded
        returncode = self._discard_child()
        measured = measured or {}
        if flooded:
            return self._flood_result({**output, **measured})
        oom_after = self.oom.read()
        if oom_after is not None and oom_before is not None and oom_after > oom_before:
            return {"status": "memory_limit_exceeded", "message": f"killed for using too much memory {when}",
                    **output, **measured}
        if returncode == -signal.SIGKILL and oom_after is None:
            return {"status": "memory_limit_exceeded", "message": f"killed {when}, most likely for memory",
                    **output, **measured}
        if returncode is not None and returncode < 0:
            reason = f"killed by signal {signal.Signals(-returncode).name} {when}"
        else:
            reason = f"the process exited with status {returncode} {when}"
        return {"status": "runtime_error", "message": reason, **output, **measured}

    def _discard_child(self) -> int | None:
        child, self.child = self.child, None
        return child.close() if child else None


def _int_or_none(value) -> int | None:
    return value if type(value) is int else None


def wait_for_task() -> dict:
    while not os.path.exists(READY_MARKER):
        time.sleep(0.005)
    with open(TASK_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def main() -> int:
    make_undumpable()
    drop_signal_handlers()
    try:
        task = wait_for_task()
        emit({"type": P.HELLO, "protocol": P.PROTOCOL_VERSION})
        Supervisor(task).run()
    except BaseException:  # noqa: BLE001 - anything here is the judge's fault, and must be reported as such
        emit({"type": P.INTERNAL_ERROR, "message": traceback.format_exc(limit=5)})
        return 1
    emit({"type": P.DONE})
    return 0
