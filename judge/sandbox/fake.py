"""An in-process stand-in for the sandbox, for tests that are about something other than isolation.

It runs the runner's own executors (judgebox.executors, judgebox.child) on the job in this process, with no
container, no confinement and no limits but a test's outcome: never judge an untrusted source with it. What
it prints is the runner's report format, read back by the same ReportReader as the real sandbox's, so the
judge on top of it cannot tell the two apart by their reports. `runs` counts the jobs it ran.
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

from judgebox import protocol
from judgebox.protocol import Event, RunStatus

from judge.sandbox.base import OnRunEvent
from judge.sandbox.job import SandboxJob
from judge.sandbox.report import ReportReader, RunReport


class FakeSandbox:
    def __init__(self) -> None:
        self.runs: list[str] = []  # the labels of the jobs run, in order

    def fingerprint(self) -> str:
        return "fake-sandbox"

    def worst_case_s(self, job: SandboxJob) -> float:
        return protocol.STARVED_FACTOR * job.budget_s

    def reap_job(self, label: str) -> None:
        return None

    def reap_owner(self, owner: str) -> None:
        return None

    def reap_orphans(self) -> None:
        return None

    def close(self) -> None:
        return None

    def discard_spare(self) -> None:
        return None

    def run(self, job: SandboxJob, on_event: OnRunEvent | None = None) -> RunReport:
        from judgebox.child import run_one
        from judgebox.errors import CompileError, SubmissionFailure
        from judgebox.executors import executor_for

        self.runs.append(job.label)
        started = time.monotonic()
        reader = ReportReader(len(job.tests), job.nonce)

        def emit(event: dict[str, Any]) -> None:
            for parsed in reader.feed(protocol.frame(job.nonce, event)):
                if on_event is not None:
                    on_event(parsed)

        with tempfile.TemporaryDirectory(prefix="judge-fake-box-") as box:
            _extract(job.archive(), box)
            task = job.task(box=box)
            (Path(box) / "task.json").write_text(json.dumps(task))
            emit({"type": Event.HELLO, "protocol": protocol.PROTOCOL_VERSION})
            executor = executor_for(task)
            try:
                executor.load()
            except CompileError as exc:
                emit(exc.as_event())
                return reader.finish(timed_out=False, oom_killed=False, wall_ms=_ms(started))
            except SubmissionFailure as exc:
                for index in range(len(job.tests)):
                    emit({"type": Event.TEST, "index": index, "status": exc.verdict, "message": exc.message})
                emit({"type": Event.DONE})
                return reader.finish(timed_out=False, oom_killed=False, wall_ms=_ms(started))
            failed: set[str] = set()
            order = [i for i, t in enumerate(job.tests) if not t.hidden] + [
                i for i, t in enumerate(job.tests) if t.hidden
            ]
            for index in order:
                test = {**task["tests"][index], "input": f"{box}/{job.input_dir(index)}"}
                if test["group"] in failed:
                    emit(
                        {
                            "type": Event.TEST,
                            "index": index,
                            "status": RunStatus.SKIPPED,
                            "message": f"not run: an earlier test of the group {test['group']} failed",
                        }
                    )
                    continue
                test_started = time.monotonic()
                result = run_one(executor, test, job.limits.output_bytes)
                elapsed = _ms(test_started)
                emit(
                    {
                        "type": Event.TEST,
                        "index": index,
                        **result,
                        "wall_ms": elapsed,
                        "cpu_ms": elapsed,
                        "memory_kb": 0,
                    }
                )
                if result["status"] != RunStatus.OK and test["group"] in job.skip_after_failure:
                    failed.add(test["group"])
            emit({"type": Event.DONE})
        return reader.finish(timed_out=False, oom_killed=False, wall_ms=_ms(started))


def _extract(archive: bytes, box: str) -> None:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(box, filter="data")


def _ms(since: float) -> float:
    return round((time.monotonic() - since) * 1000, 3)
