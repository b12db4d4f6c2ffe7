"""The process that holds the submission.

It reads commands and writes results on the two pipe descriptors named in argv, one JSON object per line.
Its stdout and stderr belong to the submission and are read, capped, by the supervisor.

Before any code of the problem's or the candidate's runs, it confines itself (judgebox.seccomp): it can
start no process and run no program, and it cannot make itself dumpable again. Everything in this process
is the candidate's to change once the submission is loaded, so it measures nothing: the supervisor times
it, reads its memory from /proc and checks what it sends.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from judgebox import protocol as P
from judgebox import seccomp
from judgebox.errors import CompileError, SubmissionFailure
from judgebox.executors import Executor, executor_for
from judgebox.jsonsafe import NotJudgeable
from judgebox.tracebacks import describe

_RESULTS_FD = 4  # the results pipe, as main() is told it in argv (read there: importing this reads nothing)


def _send(event: dict[str, Any]) -> None:
    data = (json.dumps(event, allow_nan=False) + "\n").encode()
    view = memoryview(data)
    while view:
        view = view[os.write(_RESULTS_FD, view) :]


def _volunteer_for_oom_killer() -> None:
    # If the container runs out of memory, the kernel should kill this
    # process, not the supervisor that reports the verdict.
    try:
        with open("/proc/self/oom_score_adj", "w") as handle:
            handle.write("1000")
    except OSError:
        pass


def run_one(executor: Executor, test: dict[str, Any], output_limit: int) -> dict[str, Any]:
    """Read the test's input and run the submission on it; the clock is the supervisor's, and runs for both."""
    value = None
    try:
        executor.prepare(test)
        value = executor.run()
    except SubmissionFailure as exc:
        return {"status": exc.verdict, "message": exc.message}
    except CompileError as exc:
        return {"status": P.RunStatus.COMPILE_ERROR, "message": exc.message}
    except MemoryError:
        return {"status": P.RunStatus.MEMORY_LIMIT_EXCEEDED, "message": "MemoryError"}
    except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are the candidate's too
        return {"status": P.RunStatus.RUNTIME_ERROR, "message": describe(exc)}
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    try:
        output = executor.to_output(value)
        encoded_size = len(json.dumps(output, allow_nan=False))
    except NotJudgeable as exc:
        return {"status": P.RunStatus.RUNTIME_ERROR, "message": str(exc)}
    except (ValueError, RecursionError) as exc:
        return {"status": P.RunStatus.RUNTIME_ERROR, "message": f"the return value cannot be judged: {exc}"}
    if encoded_size > output_limit:
        return {
            "status": P.RunStatus.OUTPUT_LIMIT_EXCEEDED,
            "message": f"the result is {encoded_size} bytes; the limit is {output_limit}",
        }
    return {"status": P.RunStatus.OK, "output": output}


def main() -> None:
    global _RESULTS_FD
    _RESULTS_FD = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    _volunteer_for_oom_killer()
    # Everything above is the runner's own code: saying so first lets the
    # supervisor tell a broken runner (the judge's fault) from a broken submission.
    _send({"type": P.ChildEvent.ALIVE})
    with open(sys.argv[1], encoding="utf-8") as handle:
        task = json.load(handle)
    output_limit = int(task["limits"]["output_bytes"])
    executor = executor_for(task)
    try:
        seccomp.install()
    except OSError as exc:
        _send({"type": P.Event.INTERNAL_ERROR, "message": f"the sandbox cannot confine the submission: {exc}"})
        return
    # From here on, anything on the results pipe may be the submission's: the supervisor trusts no event
    # of this process after this one, beyond its fields it checks.
    _send({"type": P.ChildEvent.CONFINED})
    try:
        executor.load()
    except CompileError as exc:
        _send(exc.as_event())
        return
    except SubmissionFailure as exc:
        _send({"type": P.ChildEvent.LOAD_FAILED, "status": exc.verdict, "message": exc.message})
        return
    _send({"type": P.ChildEvent.READY, "info": executor.info()})
    with os.fdopen(int(sys.argv[2]), "rb", buffering=0) as commands:
        for line in commands:
            command = json.loads(line)
            result = run_one(executor, command["test"], output_limit)
            _send({"type": P.ChildEvent.RESULT, "index": command["index"], **result})


if __name__ == "__main__":
    main()
