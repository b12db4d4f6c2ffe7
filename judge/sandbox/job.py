"""What goes into a sandbox run, and what comes out of it."""

from __future__ import annotations

import io
import json
import tarfile
import time
from dataclasses import dataclass, field

BOX = "/box"


@dataclass(frozen=True)
class SandboxLimits:
    time_s: float  # CPU time per test
    wall_s: float  # wall time per test
    memory_mb: int
    output_bytes: int


@dataclass(frozen=True)
class SandboxJob:
    language: str
    source: bytes
    source_suffix: str
    config: dict  # the kind's part of task.json
    limits: SandboxLimits
    test_inputs: tuple[dict[str, bytes], ...]  # per test, file name -> content; never answers
    label: str = "check"

    def task(self) -> dict:
        return {
            "language": self.language,
            "source": f"{BOX}/submission/solution{self.source_suffix}",
            **self.config,
            "limits": {"time_s": self.limits.time_s, "wall_s": self.limits.wall_s, "memory_mb": self.limits.memory_mb,
                       "output_bytes": self.limits.output_bytes},
            "tests": [{"input": f"{BOX}/tests/{i}"} for i in range(len(self.test_inputs))],
        }

    def archive(self) -> bytes:
        """A tar of the box, read-only for the sandbox user, with the ready marker last."""
        files = {f"submission/solution{self.source_suffix}": self.source,
                 "task.json": json.dumps(self.task()).encode()}
        for index, inputs in enumerate(self.test_inputs):
            for name, data in inputs.items():
                files[f"tests/{index}/{name}"] = data
        files["ready"] = b""
        buffer = io.BytesIO()
        now = int(time.time())
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            for directory in sorted({"submission", "tests"} | {f"tests/{i}" for i in range(len(self.test_inputs))}):
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
