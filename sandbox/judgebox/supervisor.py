"""PID 1 of the sandbox: runs every test of one submission, measures it, and reports JSON lines.

Why PID 1 and non-dumpable: inside its PID namespace, init cannot be killed
by signals it has no handler for (so it keeps none: not even Python's SIGINT
handler), and a non-dumpable process cannot be ptraced or have its
/proc/<pid>/fd opened by the submission, which runs as the same user. So the
submission cannot forge or silence the report.

What is measured here, never taken from the child: a test's wall time and CPU time (every thread of the
child, from the moment its command is sent, so reading the input counts), the time the machine kept it
waiting for a CPU (judgebox.measure.RunQueueWait), and its memory: the child's own
peak resident size from /proc, which it cannot reset, plus whatever the container's cgroup is charged that
is in nobody's resident set (files in the tmpfs mounts, unmapped memfd, pipe and socket buffers; see
judgebox.measure). The child can start no other process (judgebox.seccomp), so nothing escapes these
figures. Whatever the child sends is parsed by judgebox.protocol.loads_event, checked field by field and
capped; what fails that is the submission's runtime error.

Every line printed here is framed with the run's nonce (judgebox.protocol.frame), which the child never
sees, so nothing it writes can pass for the runner's. Public tests run first. A hidden test's input is in
the vault, under a name made from the nonce: the runner names it to the child when that test starts and
removes it when the test ends, so no test can read another's input and no public test can show any.
Once a test of a group listed in skip_after_failure fails, the rest of that group is skipped; once the
run's budget is spent, every test left is.

No limit here depends on how busy the machine is. The time limit is CPU time. The wall-time limit, which
stops a program that waits rather than computes, and the run's budget are kept on wall time less the time
the child waited on a run queue: a starved test is not stopped for it. Only when the machine is so busy that
the run is still going at STARVED_FACTOR times its budget are the tests left reported as the runner's own
internal_error, which the judge retries; the candidate is never blamed for the machine.
"""

from __future__ import annotations

from typing import Any

import ctypes
import json
import os
import shutil
import signal
import sys
import time
import traceback

from judgebox import protocol as P
from judgebox.child_process import Child, ChildGone
from judgebox.measure import DiskWait, OomCounter, OwnPeak, RunQueueWait, Unattributed
from judgebox.protocol import BOX, READY_MARKER, TASK_FILE

# Module-level code is bounded by time_s plus this, of CPU time and of wall time less waiting for a CPU (and by
# the run's budget).
LOAD_ALLOWANCE_S = 5.0
# Starting the child's interpreter and the runner's modules, before any submission code.
RUNNER_START_TIMEOUT_S = 20.0
GRACE_S = 0.25
# How often a running test's CPU time and memory are looked at: the time limit is CPU time, so that a busy
# machine (many sandboxes on few cores) slows a test down without turning it into a time limit.
POLL_S = 0.05
CHILD_STATUSES = frozenset(P.RunStatus) - {P.RunStatus.SKIPPED, P.RunStatus.INTERNAL_ERROR}
INFO_KEYS = 10


_nonce = ""  # the run's, from main(): every line printed starts with it


def emit(event: dict[str, Any]) -> None:
    sys.stdout.buffer.write(P.frame(_nonce, event))
    sys.stdout.buffer.flush()


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


def text(value: Any, limit: int) -> str:
    """A string the child sent, as a string and no longer than limit."""
    shown: str = value if isinstance(value, str) else json.dumps(value, default=str)[:limit]
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class Supervisor:
    def __init__(self, task: dict[str, Any]):
        self.task = task
        self.tests = task["tests"]
        self.time_limit = float(task["limits"]["time_s"])
        self.wall_limit = float(task["limits"]["wall_s"])
        self.memory_limit_kb = int(task["limits"]["memory_mb"]) * 1024
        self.output_limit = int(task["limits"]["output_bytes"])
        self.skip_groups = set(task.get("skip_after_failure", ()))
        self.failed_groups: set[str] = set()
        # The budget counts from here: loading, reading inputs, running and restarting all spend it, less the
        # time the child was kept waiting for a CPU (`waited_s`, added up as each load and test ends).
        self.budget_s = float(task.get("budget_s", float("inf")))
        self.started = time.monotonic()
        self.waited_s = 0.0
        self.starved_at = self.started + P.STARVED_FACTOR * self.budget_s
        self.oom = OomCounter()
        self.unattributed = Unattributed()  # before any child: its baseline is the runner's alone
        self.child: Child | None = None
        self.loaded_before = False
        self._stop = False  # every test left has had its line

    def run(self) -> None:
        order = [i for i, t in enumerate(self.tests) if not t.get("hidden")]
        order += [i for i, t in enumerate(self.tests) if t.get("hidden")]
        for position, index in enumerate(order):
            test = self.tests[index]
            try:
                self._run_one(position, order)
            finally:
                if test.get("hidden"):
                    remove_input(self._input_of(index))
            if self._stop:
                return
        if self.child is not None:
            self.child.close()

    def _input_of(self, index: int) -> str:
        test = self.tests[index]
        return f"{BOX}/{P.hidden_input_dir(_nonce, index)}" if test.get("hidden") else str(test["input"])

    def _run_one(self, position: int, order: list[int]) -> None:
        index = order[position]
        test = self.tests[index]
        starved = self.starved()
        if starved:
            emit({"type": P.Event.TEST, "index": index, **starved})
            return
        skipped = self._skip_reason(test)
        if skipped:
            emit({"type": P.Event.TEST, "index": index, "status": P.RunStatus.SKIPPED, "message": skipped})
            return
        if self.child is None:
            failure = self._start_child()
            if failure is P.RunStatus.COMPILE_ERROR:
                self._stop = True
                return
            if isinstance(failure, dict):
                for rest in order[position:]:
                    emit({"type": P.Event.TEST, "index": rest, **failure})
                self._stop = True
                return
        result = self._run_test(index)
        emit({"type": P.Event.TEST, "index": index, **result})
        if result["status"] != P.RunStatus.OK and test.get("group") in self.skip_groups:
            self.failed_groups.add(test["group"])

    def budget_spent(self, waiting_s: float = 0.0) -> bool:
        """Whether the run has used its budget; `waiting_s` is the current load's or test's wait so far."""
        return time.monotonic() - self.started - self.waited_s - waiting_s >= self.budget_s

    def starved(self) -> dict[str, Any] | None:
        """The runner's internal_error for a test left when the machine has kept the run from its CPU too long."""
        if time.monotonic() < self.starved_at:
            return None
        return {
            "status": P.RunStatus.INTERNAL_ERROR,
            "message": f"the machine was too busy to run this test: the run had its budget of {self.budget_s:g} s "
            f"only in part after {P.STARVED_FACTOR * self.budget_s:g} s",
        }

    def _skip_reason(self, test: dict[str, Any]) -> str | None:
        if self.budget_spent():
            return f"not run: the time budget of the whole run ({self.budget_s:g} s) was spent"
        if test.get("group") in self.failed_groups:
            return f"not run: an earlier test of the group {test['group']} failed"
        return None

    def _start_child(self) -> dict[str, Any] | P.RunStatus | None:
        """A child with the submission loaded: None, or the failure every remaining test gets."""
        self.child = Child(self.output_limit)
        first_load = not self.loaded_before
        oom_before = self.oom.read()
        try:
            alive = self.child.next_event(time.monotonic() + RUNNER_START_TIMEOUT_S)
            confined = self.child.next_event(time.monotonic() + RUNNER_START_TIMEOUT_S) if alive else None
        except ChildGone:
            alive = confined = None
        if alive is None or alive.get("type") != P.ChildEvent.ALIVE or confined is None:
            output = self.child.output()
            self._discard_child()
            return {
                "status": P.RunStatus.INTERNAL_ERROR,
                "message": f"the runner's child did not start: {output['stderr'][-500:]}",
            }
        if confined.get("type") != P.ChildEvent.CONFINED:  # still the runner's own code: trusted
            self._discard_child()
            return {
                "status": P.RunStatus.INTERNAL_ERROR,
                "message": text(confined.get("message", "the child is not confined"), P.MESSAGE_CHARS),
            }
        try:
            event, stopped = self._load(self.child)
        except ChildGone as gone:
            return self._death("while loading the submission", oom_before, gone=gone)
        if stopped is not None:
            self._discard_child()
            return stopped
        assert event is not None  # _load ends with an event, or stopped
        kind = event.get("type")
        if kind == P.Event.COMPILE_ERROR and first_load:
            # Only before any test: later, the source is the same and a "compile error" would be the
            # submission's own words, written after it could read test inputs.
            self._discard_child()
            emit(
                {
                    "type": P.Event.COMPILE_ERROR,
                    "message": text(event.get("message", ""), P.MESSAGE_CHARS),
                    "line": _int_or_none(event.get("line")),
                    "column": _int_or_none(event.get("column")),
                }
            )
            return P.RunStatus.COMPILE_ERROR
        if (
            kind == P.ChildEvent.LOAD_FAILED
            and isinstance(event.get("status"), str)
            and event["status"]
            in CHILD_STATUSES
            - {
                P.RunStatus.OK,
                P.RunStatus.COMPILE_ERROR,
            }
        ):
            output = self.child.output()
            self._discard_child()
            return {"status": event["status"], "message": text(event.get("message", ""), P.MESSAGE_CHARS), **output}
        if kind != P.ChildEvent.READY:
            self._discard_child()
            return {
                "status": P.RunStatus.RUNTIME_ERROR,
                "message": "the submission's process broke the runner's protocol while loading",
            }
        if first_load and isinstance(event.get("info"), dict) and event["info"]:
            info = {str(k)[:100]: text(v, P.INFO_CHARS) for k, v in list(event["info"].items())[:INFO_KEYS]}
            emit({"type": P.Event.INFO, "info": info})
        self.loaded_before = True
        return None

    def _load(self, child: Child) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """The child's first event once it runs the submission's module-level code: (event, None), or
        (None, the failure every remaining test gets) if it was stopped first."""
        allowed = self.time_limit + LOAD_ALLOWANCE_S
        wait = MachineWait(child.process.pid)
        started, cpu_start = time.monotonic(), child.cpu_seconds()
        try:
            while (event := child.next_event(time.monotonic() + POLL_S)) is None:
                waited = wait.waited_s()
                contended = waited >= P.CONTENDED_SHARE * (time.monotonic() - started)
                cpu_s, wall_s = child.cpu_seconds() - cpu_start, time.monotonic() - started
                if cpu_s > allowed:
                    return None, _tle("module-level code: " + cpu_message(cpu_s, wall_s, allowed), contended)
                if wall_s - waited > allowed:
                    return None, _tle("module-level code: " + wall_message(cpu_s, wall_s - waited, allowed), contended)
                if self.budget_spent(waited):
                    return None, _tle(
                        f"module-level code used up the time budget of the whole run ({self.budget_s:g} s)"
                    )
                starved = self.starved()
                if starved:
                    return None, starved
            return event, None
        finally:
            self.waited_s += wait.waited_s()

    def _measure(self, child: Child, started: float, cpu_start: float, memory: OwnPeak | None = None) -> dict[str, Any]:
        """The test's figures; memory_kb is the child's high-water mark (for the limit) unless `memory` is
        given, for the test's own peak (what is reported)."""
        return {
            "wall_ms": round((time.monotonic() - started) * 1000, 3),
            "cpu_ms": round((child.cpu_seconds() - cpu_start) * 1000, 3),
            "memory_kb": memory.peak_kb() if memory else child.peak_kb() + self.unattributed.kb(child),
        }

    def _run_test(self, index: int) -> dict[str, Any]:
        child = self.child
        assert child is not None  # started before its first test
        oom_before = self.oom.read()
        cpu_start = child.cpu_seconds()
        memory = OwnPeak(child, self.unattributed)
        wait = MachineWait(child.process.pid)
        started = time.monotonic()
        stopped = None
        try:
            child.send({"index": index, "test": {**self.tests[index], "input": self._input_of(index)}})
            while (event := child.next_event(time.monotonic() + POLL_S)) is None:
                memory.sample()
                measured = self._measure(child, started, cpu_start)
                waited = wait.waited_s()
                starved = self.starved()
                if child.leader_gone():
                    stopped = (
                        P.RunStatus.RUNTIME_ERROR,
                        "the submission's main thread exited while its other threads ran on",
                    )
                elif measured["cpu_ms"] > (self.time_limit + GRACE_S) * 1000:
                    stopped = (
                        P.RunStatus.TIME_LIMIT_EXCEEDED,
                        "stopped: "
                        + cpu_message(measured["cpu_ms"] / 1000, measured["wall_ms"] / 1000, self.time_limit),
                    )
                elif measured["memory_kb"] > self.memory_limit_kb:
                    stopped = (
                        P.RunStatus.MEMORY_LIMIT_EXCEEDED,
                        f"stopped at {measured['memory_kb'] // 1024} MiB, over the limit of "
                        f"{self.memory_limit_kb // 1024} MiB",
                    )
                elif measured["wall_ms"] - waited * 1000 > (self.wall_limit + GRACE_S) * 1000:
                    stopped = (
                        P.RunStatus.TIME_LIMIT_EXCEEDED,
                        "stopped: "
                        + wall_message(measured["cpu_ms"] / 1000, measured["wall_ms"] / 1000 - waited, self.wall_limit),
                    )
                elif self.budget_spent(waited):
                    stopped = (
                        P.RunStatus.TIME_LIMIT_EXCEEDED,
                        f"stopped: the time budget of the whole run ({self.budget_s:g} s) was spent",
                    )
                elif starved:
                    stopped = (starved["status"], starved["message"])
                if stopped:
                    break
        except ChildGone as gone:
            self.waited_s += wait.waited_s()
            return self._death("while running this test", oom_before, self._measure(child, started, cpu_start), gone)
        waited = wait.waited_s()
        self.waited_s += waited
        # A busy machine stretches CPU time too (caches and cores shared with its neighbours): a time limit
        # reached while the test waited long for a CPU is marked, for the judge to try the run again.
        contended = waited >= P.CONTENDED_SHARE * (time.monotonic() - started)
        over_limit = child.peak_kb() + self.unattributed.kb(child) > self.memory_limit_kb
        measured = self._measure(child, started, cpu_start, memory)
        if stopped:
            output = child.output()
            self._discard_child()
            mark = {"contended": True} if contended and stopped[0] == P.RunStatus.TIME_LIMIT_EXCEEDED else {}
            return {"status": stopped[0], "message": stopped[1], **measured, **output, **mark}
        assert event is not None  # the loop ends with an event, or stopped
        if child.leader_gone():  # its figures are gone with it: what it says cannot be measured
            output = child.output()
            self._discard_child()
            return {
                "status": P.RunStatus.RUNTIME_ERROR,
                "message": "the submission's main thread exited while its other threads ran on",
                **measured,
                **output,
            }
        result = result_of(event, index)
        if result is None:
            output = child.output()
            self._discard_child()
            return {
                "status": P.RunStatus.RUNTIME_ERROR,
                "message": "the submission's process broke the runner's protocol",
                **measured,
                **output,
            }
        result.update(child.output())
        if child.flooded:
            self._discard_child()
            return self._flood_result({**result, **measured})
        result.update(measured)
        # The limits, on the supervisor's own figures.
        if measured["cpu_ms"] > self.time_limit * 1000:
            result.update(
                status=P.RunStatus.TIME_LIMIT_EXCEEDED,
                message=cpu_message(measured["cpu_ms"] / 1000, measured["wall_ms"] / 1000, self.time_limit),
            )
        elif measured["wall_ms"] - waited * 1000 > self.wall_limit * 1000:
            result.update(
                status=P.RunStatus.TIME_LIMIT_EXCEEDED,
                message=wall_message(measured["cpu_ms"] / 1000, measured["wall_ms"] / 1000 - waited, self.wall_limit),
            )
        elif over_limit or measured["memory_kb"] > self.memory_limit_kb:
            result.update(
                status=P.RunStatus.MEMORY_LIMIT_EXCEEDED,
                message=f"used {max(measured['memory_kb'], child.peak_kb()) // 1024} MiB; the limit is "
                f"{self.memory_limit_kb // 1024} MiB",
            )
        if result["status"] != P.RunStatus.OK:
            result.pop("output", None)
        if contended and result["status"] == P.RunStatus.TIME_LIMIT_EXCEEDED:
            result["contended"] = True
        return result

    def _flood_result(self, result: dict[str, Any]) -> dict[str, Any]:
        result.pop("output", None)
        return {
            **result,
            "status": P.RunStatus.OUTPUT_LIMIT_EXCEEDED,
            "message": f"the program printed or returned more than {self.output_limit} bytes",
        }

    def _death(
        self,
        when: str,
        oom_before: int | None,
        measured: dict[str, Any] | None = None,
        gone: ChildGone | None = None,
    ) -> dict[str, Any]:
        child = self.child
        assert child is not None  # it died: it was there
        output = child.output()
        flooded = child.flooded
        returncode = self._discard_child()
        measured = measured or {}
        if flooded:
            return self._flood_result({**output, **measured})
        if gone is not None and gone.reason:
            return {"status": P.RunStatus.RUNTIME_ERROR, "message": f"{gone.reason} {when}", **output, **measured}
        oom_after = self.oom.read()
        if oom_after is not None and oom_before is not None and oom_after > oom_before:
            return {
                "status": P.RunStatus.MEMORY_LIMIT_EXCEEDED,
                "message": f"killed for using too much memory {when}",
                **output,
                **measured,
            }
        if returncode == -signal.SIGKILL and oom_after is None:
            return {
                "status": P.RunStatus.MEMORY_LIMIT_EXCEEDED,
                "message": f"killed {when}, most likely for memory",
                **output,
                **measured,
            }
        if returncode is not None and returncode < 0:
            reason = f"killed by signal {signal.Signals(-returncode).name} {when}"
        else:
            reason = f"the process exited with status {returncode} {when}"
        return {"status": P.RunStatus.RUNTIME_ERROR, "message": reason, **output, **measured}

    def _discard_child(self) -> int | None:
        child, self.child = self.child, None
        return child.close() if child else None


def result_of(event: dict[str, Any], index: int) -> dict[str, Any] | None:
    """A test's result from the child's event (parsed by judgebox.protocol.loads_event), checked field by
    field; None if the event is not the result of this test, which breaks the protocol."""
    status = event.get("status")
    if (
        event.get("type") != P.ChildEvent.RESULT
        or type(event.get("index")) is not int
        or event["index"] != index
        or not isinstance(status, str)
        or status not in CHILD_STATUSES
    ):
        return None
    result: dict[str, Any] = {"status": status}
    if status == P.RunStatus.OK:
        result["output"] = event.get("output")
    if event.get("message"):
        result["message"] = text(event["message"], P.MESSAGE_CHARS)
    return result


class MachineWait:
    """What the machine kept the child waiting for: a CPU (RunQueueWait) and the disk (DiskWait)."""

    def __init__(self, pid: int):
        self.cpu, self.disk = RunQueueWait(pid), DiskWait(pid)

    def waited_s(self) -> float:
        return self.cpu.waited_s() + self.disk.waited_s()


def cpu_message(cpu_s: float, wall_s: float, limit_s: float) -> str:
    """A time limit reached on CPU time: which limit, and both figures (what the candidate can act on)."""
    return f"CPU time limit: {cpu_s:.2f} s of CPU time (the limit is {limit_s:g} s), in {wall_s:.2f} s of wall time"


def wall_message(cpu_s: float, wall_s: float, limit_s: float) -> str:
    """A time limit reached on wall time (less waiting for a CPU): a program that waits rather than computes."""
    return (
        f"wall-time limit: {wall_s:.2f} s of wall time, not counting waiting for a CPU (the limit is {limit_s:g} s), "
        f"with {cpu_s:.2f} s of CPU time: the program waited rather than computed"
    )


def _tle(message: str, contended: bool = False) -> dict[str, Any]:
    return {"status": P.RunStatus.TIME_LIMIT_EXCEEDED, "message": message, **({"contended": True} if contended else {})}


def _int_or_none(value: Any) -> int | None:
    return value if type(value) is int else None


def wait_for_task() -> dict[str, Any]:
    while not os.path.exists(READY_MARKER):
        time.sleep(0.005)
    with open(TASK_FILE, encoding="utf-8") as handle:
        task: dict[str, Any] = json.load(handle)
    return task


def remove_input(path: str) -> None:
    """A hidden test's input, gone once the test ends: no later test can open it."""
    try:
        os.chmod(path, 0o700)
    except OSError:
        return  # never delivered, or already gone
    shutil.rmtree(path, ignore_errors=True)


def main() -> int:
    global _nonce
    make_undumpable()
    drop_signal_handlers()
    # Out of the environment before any child starts; the child's environment is its own (CHILD_ENV) anyway.
    _nonce = os.environ.pop(P.NONCE_ENV, "")
    if not _nonce:
        sys.stderr.write(f"the judge gave no {P.NONCE_ENV}: nothing printed here could be told from the child's\n")
        return 2
    try:
        task = wait_for_task()
        emit({"type": P.Event.HELLO, "protocol": P.PROTOCOL_VERSION})
        Supervisor(task).run()
    except BaseException:  # noqa: BLE001 - anything here is the judge's fault, and must be reported as such
        emit({"type": P.Event.INTERNAL_ERROR, "message": traceback.format_exc(limit=5)})
        return 1
    emit({"type": P.Event.DONE})
    return 0
