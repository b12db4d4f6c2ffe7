"""What goes into a sandbox run, and what comes out of it. Paths and task keys are judgebox.protocol's."""

from __future__ import annotations

import io
import json
import tarfile
import time
from dataclasses import dataclass, field

from judgebox import protocol

from judge.format.spec import Limits
from judge.source import Source


@dataclass(frozen=True)
class SandboxJob:
    source: Source
    config: dict  # the kind's part of the task
    limits: Limits
    test_inputs: tuple[dict[str, bytes], ...]  # per test, file name -> content; never answers
    label: str = "check"

    def task(self) -> protocol.Task:
        limits = self.limits.resolved()
        return {
            "language": self.source.language,
            "source": f"{protocol.BOX}/{protocol.source_path(self.source.language)}",
            **self.config,
            "limits": {"time_s": limits.time_s, "wall_s": limits.wall_s, "memory_mb": limits.memory_mb,
                       "output_bytes": limits.output_bytes},
            "tests": [{"input": f"{protocol.BOX}/{protocol.test_dir(i)}"} for i in range(len(self.test_inputs))],
        }

    def archive(self) -> bytes:
        """A tar of the box, read-only for the sandbox user, with the ready marker last."""
        files = {protocol.source_path(self.source.language): self.source.text.encode("utf-8"),
                 protocol.TASK_FILE.removeprefix(f"{protocol.BOX}/"): json.dumps(self.task()).encode()}
        for index, inputs in enumerate(self.test_inputs):
            for name, data in inputs.items():
                files[f"{protocol.test_dir(index)}/{name}"] = data
        files[protocol.READY_MARKER.removeprefix(f"{protocol.BOX}/")] = b""
        directories = {protocol.SUBMISSION_DIR, protocol.TESTS_DIR} | {protocol.test_dir(i)
                                                                       for i in range(len(self.test_inputs))}
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


@dataclass(frozen=True)
class RunReport:
    tests: tuple[dict | None, ...]  # the runner's result per test; None where it gave none
    compile_error: dict | None = None
    info: dict = field(default_factory=dict)
    internal_error: str | None = None
    timed_out: bool = False
    oom_killed: bool = False
    wall_ms: float = 0.0
