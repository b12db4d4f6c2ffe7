"""What goes into a sandbox run, and what comes out of it. Paths and task keys are judgebox.protocol's.

The box arrives in two archives: the source, the task and the public tests' inputs first; the hidden
tests' inputs only once the runner says every public test ran, so no output a candidate sees can hold them.
"""

from __future__ import annotations

import io
import json
import tarfile
import time
from dataclasses import dataclass

from judgebox import protocol

from judge.format.spec import Limits
from judge.source import Source

# The run's budget, for loading and every test: this many times the sum of the tests' CPU limits, plus the
# allowance of module-level code. Tests left when it is spent are skipped.
BUDGET_FACTOR = 1.5
LOAD_ALLOWANCE_S = 5.0


@dataclass(frozen=True)
class JobTest:
    group: str
    hidden: bool
    inputs: dict[str, bytes]  # file name -> content; never answers


@dataclass(frozen=True)
class SandboxJob:
    source: Source
    config: dict  # the kind's part of the task
    limits: Limits
    tests: tuple[JobTest, ...]
    skip_after_failure: tuple[str, ...] = ()  # groups whose remaining tests are skipped once one fails
    label: str = "check"

    @property
    def budget_s(self) -> float:
        return BUDGET_FACTOR * self.limits.time_s * len(self.tests) + LOAD_ALLOWANCE_S

    @property
    def has_hidden(self) -> bool:
        return any(test.hidden for test in self.tests)

    def task(self, box: str = protocol.BOX) -> protocol.Task:
        """The task file; `box` is where the box is, /box in a container (elsewhere for FakeSandbox)."""
        limits = self.limits.resolved()
        return {
            "language": self.source.language,
            "source": f"{box}/{protocol.source_path(self.source.language)}",
            **self.config,
            "limits": {
                "time_s": limits.time_s,
                "wall_s": limits.wall_s,
                "memory_mb": limits.memory_mb,
                "output_bytes": limits.output_bytes,
            },
            "tests": [
                {"input": f"{box}/{protocol.test_dir(i)}", "group": test.group, "hidden": test.hidden}
                for i, test in enumerate(self.tests)
            ],
            "budget_s": self.budget_s,
            "skip_after_failure": list(self.skip_after_failure),
        }

    def archive(self) -> bytes:
        """The first archive: source, task and public inputs, read-only for the sandbox user, ready marker last."""
        files = {
            protocol.source_path(self.source.language): self.source.text.encode("utf-8"),
            _in_box(protocol.TASK_FILE): json.dumps(self.task()).encode(),
        }
        files.update(self._inputs(hidden=False))
        files[_in_box(protocol.READY_MARKER)] = b""
        return _tar(files, {protocol.SUBMISSION_DIR, protocol.TESTS_DIR} | self._directories(hidden=False))

    def hidden_archive(self) -> bytes:
        """The second archive: the hidden tests' inputs, with their own ready marker last."""
        files = {**self._inputs(hidden=True), _in_box(protocol.HIDDEN_READY_MARKER): b""}
        return _tar(files, {protocol.TESTS_DIR} | self._directories(hidden=True))

    def _inputs(self, hidden: bool) -> dict[str, bytes]:
        return {
            f"{protocol.test_dir(index)}/{name}": data
            for index, test in enumerate(self.tests)
            if test.hidden == hidden
            for name, data in test.inputs.items()
        }

    def _directories(self, hidden: bool) -> set[str]:
        return {protocol.test_dir(index) for index, test in enumerate(self.tests) if test.hidden == hidden}


def _in_box(path: str) -> str:
    return path.removeprefix(f"{protocol.BOX}/")


def _tar(files: dict[str, bytes], directories: set[str]) -> bytes:
    buffer = io.BytesIO()
    now = int(time.time())
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for directory in sorted(directories):
            info = tarfile.TarInfo(directory)
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o555, now
            tar.addfile(info)
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o444, now
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()
