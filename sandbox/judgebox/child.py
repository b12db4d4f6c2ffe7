"""The process that holds the submission.

It reads commands and writes results on the two pipe descriptors named in argv, one JSON object per
line. Its stdout and stderr belong to the submission and are read, capped,
by the supervisor. A test's timing is measured here for precision; the
supervisor enforces the limits with its own clock.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

from judgebox import protocol as P
from judgebox.errors import CompileError, SubmissionFailure
from judgebox.executors import executor_for
from judgebox.jsonsafe import NotJudgeable
from judgebox.tracebacks import describe



_RESULTS_FD = int(sys.argv[3]) if len(sys.argv) > 3 else 4


def _send(event: dict) -> None:
    data = (json.dumps(event, allow_nan=False) + "\n").encode()
    view = memoryview(data)
    while view:
        view = view[os.write(_RESULTS_FD, view):]


def _volunteer_for_oom_killer() -> None:
    # If the container runs out of memory, the kernel should kill this
    # process, not the supervisor that reports the verdict.
    try:
        with open("/proc/self/oom_score_adj", "w") as handle:
            handle.write("1000")
    except OSError:
        pass


def _peak_memory_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _run_one(executor, test: dict, output_limit: int) -> dict:
    executor.prepare(test)
    _send({"type": P.CHILD_STARTED})
    wall0, cpu0 = time.perf_counter(), time.process_time()
    value, failure = None, None
    try:
        value = executor.run()
    except SubmissionFailure as exc:
        failure = {"status": exc.verdict, "message": exc.message}
    except CompileError as exc:
        failure = {"status": "compile_error", "message": exc.message}
    except MemoryError:
        failure = {"status": "memory_limit_exceeded", "message": "MemoryError"}
    except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are the candidate's too
        failure = {"status": "runtime_error", "message": describe(exc)}
    finally:
        wall_ms = (time.perf_counter() - wall0) * 1000
        cpu_ms = (time.process_time() - cpu0) * 1000
        sys.stdout.flush()
        sys.stderr.flush()
    timing = {"wall_ms": round(wall_ms, 3), "cpu_ms": round(cpu_ms, 3), "memory_kb": _peak_memory_kb()}
    if failure is not None:
        return {**failure, **timing}
    try:
        output = executor.to_output(value)
        encoded_size = len(json.dumps(output, allow_nan=False))
    except NotJudgeable as exc:
        return {"status": "runtime_error", "message": str(exc), **timing}
    except (ValueError, RecursionError) as exc:
        return {"status": "runtime_error", "message": f"the return value cannot be judged: {exc}", **timing}
    if encoded_size > output_limit:
        return {"status": "output_limit_exceeded",
                "message": f"the result is {encoded_size} bytes; the limit is {output_limit}", **timing}
    return {"status": P.STATUS_OK, "output": output, **timing}


def main() -> None:
    _volunteer_for_oom_killer()
    # Everything above is the runner's own code: saying so first lets the
    # supervisor tell a broken runner (the judge's fault) from a broken submission.
    _send({"type": P.CHILD_ALIVE})
    with open(sys.argv[1], encoding="utf-8") as handle:
        task = json.load(handle)
    output_limit = int(task["limits"]["output_bytes"])
    executor = executor_for(task)
    try:
        executor.load()
    except CompileError as exc:
        _send(exc.as_event())
        return
    except SubmissionFailure as exc:
        _send({"type": P.CHILD_LOAD_FAILED, "status": exc.verdict, "message": exc.message})
        return
    _send({"type": P.CHILD_READY, "info": executor.info()})
    with os.fdopen(int(sys.argv[2]), "rb", buffering=0) as commands:
        for line in commands:
            command = json.loads(line)
            result = _run_one(executor, command["test"], output_limit)
            _send({"type": P.CHILD_RESULT, "index": command["index"], **result})


if __name__ == "__main__":
    main()
