"""What goes into a sandbox run, and what comes out of it. Paths and task keys are judgebox.protocol's.

The box arrives in one archive: the source, the task, the public tests' inputs, and the hidden tests' inputs
in the vault, each under a name made from the run's nonce (judgebox.protocol.hidden_input_dir). The vault can
be entered and not listed, and the names are not in the task: the runner names each to the child only when
its test starts, and removes it when the test ends. The nonce is the job's, fresh for every job.
"""

from __future__ import annotations

import dataclasses
import io
import json
import secrets
import tarfile
import time
from dataclasses import dataclass, field

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
    # Frames the runner's report and names the hidden inputs; never in the task, never seen by the child.
    nonce: str = field(default_factory=lambda: secrets.token_hex(16), init=False, compare=False, repr=False)

    def in_box(self, nonce: str) -> SandboxJob:
        """This job for a container made ahead with its own nonce (a spare): the same job, that nonce."""
        copy = dataclasses.replace(self)
        object.__setattr__(copy, "nonce", nonce)
        return copy

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
                {"group": test.group, "hidden": True}
                if test.hidden
                else {"input": f"{box}/{protocol.test_dir(i)}", "group": test.group, "hidden": False}
                for i, test in enumerate(self.tests)
            ],
            "budget_s": self.budget_s,
            "skip_after_failure": list(self.skip_after_failure),
        }

    def archive(self, owner: int = 0) -> bytes:
        """The box: source, task, public inputs and the vault, read-only for the sandbox user, the ready marker
        last. `owner` (the sandbox user's uid) owns each hidden test's directory, so the runner can remove it."""
        files = {
            protocol.source_path(self.source.language): self.source.text.encode("utf-8"),
            _in_box(protocol.TASK_FILE): json.dumps(self.task()).encode(),
        }
        entries = [_directory(protocol.SUBMISSION_DIR), _directory(protocol.TESTS_DIR)]
        entries.append(_directory(protocol.VAULT_DIR, mode=0o111))
        vault_bytes = 0
        for index, test in enumerate(self.tests):
            where = self.input_dir(index)
            entries.append(_directory(where, uid=owner if test.hidden else 0, mode=0o500 if test.hidden else 0o555))
            for name, data in test.inputs.items():
                files[f"{where}/{name}"] = data
                vault_bytes += _pages(len(data)) if test.hidden else 0
        if self.has_hidden:
            pad = -vault_bytes % protocol.VAULT_PAD_BYTES
            files[protocol.vault_pad_name(self.nonce)] = b"\0" * pad
        files[_in_box(protocol.READY_MARKER)] = b""
        return _tar(entries, files)

    def input_dir(self, index: int) -> str:
        """Where a test's inputs are, relative to the box."""
        if self.tests[index].hidden:
            return protocol.hidden_input_dir(self.nonce, index)
        return protocol.test_dir(index)


def _in_box(path: str) -> str:
    return path.removeprefix(f"{protocol.BOX}/")


def _pages(size: int) -> int:
    return -(-size // 4096) * 4096


def _directory(name: str, uid: int = 0, mode: int = 0o555) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.uid, info.gid, info.mtime = tarfile.DIRTYPE, mode, uid, uid, int(time.time())
    return info


def _tar(directories: list[tarfile.TarInfo], files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    now = int(time.time())
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for directory in directories:
            tar.addfile(directory)
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o444, now
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()
