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

from typing import Any

import ctypes
import json
import os
import signal
import sys
import time
import traceback

from judgebox import protocol as P
from judgebox.child_process import Child, ChildGone
from judgebox.measure import OomCounter, OwnPeak, TmpfsUsage
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
CHILD_STATUSES = frozenset(P.RunStatus) - {P.RunStatus.SKIPPED, P.RunStatus.INTERNAL_ERROR}
INFO_KEYS = 10


def emit(event: dict[str, Any]) -> None:
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
                        emit(
                            {
                                "type": P.Event.TEST,
                                "index": rest,
                                "status": P.RunStatus.INTERNAL_ERROR,
                                "message": "the judge did not send the hidden tests' inputs",
                            }
                        )
                    return
            skipped = self._skip_reason(test)
            if skipped:
                emit({"type": P.Event.TEST, "index": index, "status": P.RunStatus.SKIPPED, "message": skipped})
                continue
            if self.child is None:
                failure = self._start_child()
                if failure is P.RunStatus.COMPILE_ERROR:
                    return
                if isinstance(failure, dict):
                    for rest in order[position:]:
                        emit({"type": P.Event.TEST, "index": rest, **failure})
                    return
            result = self._run_test(index)
            emit({"type": P.Event.TEST, "index": index, **result})
            if result["status"] != P.RunStatus.OK and test.get("group") in self.skip_groups:
                self.failed_groups.add(test["group"])
        if self.child is not None:
            self.child.close()

    def _skip_reason(self, test: dict[str, Any]) -> str | None:
        if time.monotonic() >= self.budget_deadline:
            return f"not run: the time budget of the whole run ({self.budget_s:g} s) was spent"
        if test.get("group") in self.failed_groups:
            return f"not run: an earlier test of the group {test['group']} failed"
        return None

    def _receive_hidden_inputs(self) -> bool:
        """Say the public tests are done, then wait for the hidden inputs; the wait is not the submission's."""
        emit({"type": P.Event.PUBLIC_DONE})
        started = time.monotonic()
        while not os.path.exists(HIDDEN_READY_MARKER):
            if time.monotonic() - started > HIDDEN_WAIT_S:
                return False
            time.sleep(0.005)
        self.budget_deadline += time.monotonic() - started
        return True

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
        load_deadline = min(time.monotonic() + self.time_limit + LOAD_ALLOWANCE_S, self.budget_deadline)
        try:
            event = self.child.next_event(load_deadline)
        except ChildGone:
            return self._death("while loading the submission", oom_before)
        if event is None:
            self._discard_child()
            return {
                "status": P.RunStatus.TIME_LIMIT_EXCEEDED,
                "message": f"module-level code ran longer than {self.time_limit + LOAD_ALLOWANCE_S:g} s",
            }
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
        if kind == P.ChildEvent.LOAD_FAILED and event.get("status") in CHILD_STATUSES - {
            P.RunStatus.OK,
            P.RunStatus.COMPILE_ERROR,
        }:
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

    def _measure(self, child: Child, started: float, cpu_start: float, memory: OwnPeak | None = None) -> dict[str, Any]:
        """The test's figures; memory_kb is the child's high-water mark (for the limit) unless `memory` is
        given, for the test's own peak (what is reported)."""
        return {
            "wall_ms": round((time.monotonic() - started) * 1000, 3),
            "cpu_ms": round((child.cpu_seconds() - cpu_start) * 1000, 3),
            "memory_kb": (memory.peak_kb() if memory else child.peak_kb()) + self.tmpfs.kb(),
        }

    def _run_test(self, index: int) -> dict[str, Any]:
        child = self.child
        assert child is not None  # started before its first test
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
                    stopped = (P.RunStatus.TIME_LIMIT_EXCEEDED, f"stopped after {self.time_limit:g} s of CPU time")
                elif measured["memory_kb"] > self.memory_limit_kb:
                    stopped = (
                        P.RunStatus.MEMORY_LIMIT_EXCEEDED,
                        f"stopped at {measured['memory_kb'] // 1024} MiB, over the limit of "
                        f"{self.memory_limit_kb // 1024} MiB",
                    )
                elif time.monotonic() >= deadline:
                    stopped = (
                        P.RunStatus.TIME_LIMIT_EXCEEDED,
                        f"stopped after {self.wall_limit:g} s of wall time (waiting, not computing)"
                        if deadline == test_deadline
                        else f"stopped: the time budget of the whole run ({self.budget_s:g} s) was spent",
                    )
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
        assert event is not None  # the loop ends with an event, or stopped
        if (
            event.get("type") != P.ChildEvent.RESULT
            or event.get("index") != index
            or event.get("status") not in CHILD_STATUSES
        ):
            output = child.output()
            self._discard_child()
            return {
                "status": P.RunStatus.RUNTIME_ERROR,
                "message": "the submission's process broke the runner's protocol",
                **measured,
                **output,
            }
        result = {"status": event["status"]}
        if event["status"] == P.RunStatus.OK:
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
            result.update(
                status=P.RunStatus.TIME_LIMIT_EXCEEDED,
                message=f"used {measured['cpu_ms'] / 1000:.2f} s of CPU time; the limit is {self.time_limit:g} s",
            )
        elif measured["wall_ms"] > self.wall_limit * 1000:
            result.update(
                status=P.RunStatus.TIME_LIMIT_EXCEEDED,
                message=f"took {measured['wall_ms'] / 1000:.2f} s of wall time; the limit is {self.wall_limit:g} s",
            )
        elif over_limit or measured["memory_kb"] > self.memory_limit_kb:
            result.update(
                status=P.RunStatus.MEMORY_LIMIT_EXCEEDED,
                message=f"used {max(measured['memory_kb'], child.peak_kb()) // 1024} MiB; the limit is "
                f"{self.memory_limit_kb // 1024} MiB",
            )
        if result["status"] != P.RunStatus.OK:
            result.pop("output", None)
        return result

    def _flood_result(self, result: dict[str, Any]) -> dict[str, Any]:
        result.pop("output", None)
        return {
            **result,
            "status": P.RunStatus.OUTPUT_LIMIT_EXCEEDED,
            "message": f"the program printed or returned more than {self.output_limit} bytes",
        }

    def _death(self, when: str, oom_before: int | None, measured: dict[str, Any] | None = None) -> dict[str, Any]:
        child = self.child
        assert child is not None  # it died: it was there
        output = child.output()
        flooded = child.flooded
        returncode = self._discard_child()
        measured = measured or {}
        if flooded:
            return self._flood_result({**output, **measured})
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


def _int_or_none(value: Any) -> int | None:
    return value if type(value) is int else None


def wait_for_task() -> dict[str, Any]:
    while not os.path.exists(READY_MARKER):
        time.sleep(0.005)
    with open(TASK_FILE, encoding="utf-8") as handle:
        task: dict[str, Any] = json.load(handle)
    return task


def main() -> int:
    make_undumpable()
    drop_signal_handlers()
    try:
        task = wait_for_task()
        emit({"type": P.Event.HELLO, "protocol": P.PROTOCOL_VERSION})
        Supervisor(task).run()
    except BaseException:  # noqa: BLE001 - anything here is the judge's fault, and must be reported as such
        emit({"type": P.Event.INTERNAL_ERROR, "message": traceback.format_exc(limit=5)})
        return 1
    emit({"type": P.Event.DONE})
    return 0
