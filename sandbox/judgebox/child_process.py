"""The child process that holds the submission, as its supervisor sees it: started, fed commands, read, and
measured from /proc, where the child cannot reach.

Its output pipes are read capped (CappedOutput); its result lines are bounded (a line longer than the output
limit and RESULT_SLACK_BYTES is a flood, and kills it). Nothing it sends is trusted beyond what the
supervisor checks.
"""

from __future__ import annotations

from typing import Any, NoReturn

import json
import os
import select
import signal
import subprocess
import sys
import time

from judgebox import protocol as P
from judgebox.protocol import TASK_FILE

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
RESULT_SLACK_BYTES = 64 * 1024  # a result line beyond its output: the status, a message
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
    """The child died, or broke the protocol (then `reason` says how: the submission's runtime error)."""

    def __init__(self, reason: str = ""):
        super().__init__(reason)
        self.reason = reason


class Child:
    def __init__(self, output_limit: int):
        commands_r, self.commands_w = os.pipe()
        self.results_r, results_w = os.pipe()
        self.flooded = False
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-m", "judgebox.child", TASK_FILE, str(commands_r), str(results_w)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(commands_r, results_w),
            cwd="/tmp",
            env=CHILD_ENV,
            start_new_session=True,
        )
        os.close(commands_r)
        os.close(results_w)
        self.output_limit = output_limit
        self.line_limit = output_limit + RESULT_SLACK_BYTES
        self.buffer = b""
        assert self.process.stdout is not None and self.process.stderr is not None  # both are pipes
        self.stdout, self.stderr = self.process.stdout, self.process.stderr
        self.streams = [CappedOutput(self.stdout.fileno()), CappedOutput(self.stderr.fileno())]

    def send(self, message: dict[str, Any]) -> None:
        data = (json.dumps(message) + "\n").encode()
        try:
            os.write(self.commands_w, data)
        except OSError as exc:
            raise ChildGone() from exc

    def next_event(self, deadline: float) -> dict[str, Any] | None:
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
            return P.loads_event(line)
        except P.MalformedEvent as exc:
            self.kill()
            raise ChildGone(f"the submission's process sent the runner a malformed result ({exc})") from None

    def _flood(self) -> NoReturn:
        self.flooded = True
        self.kill()
        raise ChildGone()

    def output(self) -> dict[str, Any]:
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

    def leader_gone(self) -> bool:
        """The main thread exited while other threads run on: /proc then has no memory figures for it."""
        try:
            with open(f"/proc/{self.process.pid}/stat") as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        return state in ("Z", "X")

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
        self.stdout.close()
        self.stderr.close()
        for fd in (self.commands_w, self.results_r):
            try:
                os.close(fd)
            except OSError:
                pass
        return returncode
