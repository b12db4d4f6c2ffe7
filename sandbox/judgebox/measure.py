"""What the supervisor measures of a test besides time: kernel OOM kills, memory kept in the tmpfs mounts, and
each test's own memory peak. Read from the kernel (cgroup files, statvfs, /proc of the child), never from the
child.
"""

from __future__ import annotations

import os

from judgebox.child_process import Child

TMPFS_MOUNTS = ("/tmp", "/dev/shm")


class OomCounter:
    """Counts kernel OOM kills in this container's memory cgroup, where visible."""

    PATHS = ("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control")

    def read(self) -> int | None:
        for path in self.PATHS:
            try:
                with open(path) as handle:
                    for line in handle:
                        key, _, value = line.partition(" ")
                        if key == "oom_kill":
                            return int(value)
            except OSError:
                continue
        return None


class TmpfsUsage:
    """Kilobytes the writable tmpfs mounts hold beyond what they held at the start: memory too."""

    def __init__(self) -> None:
        self.baseline = self._used()

    @staticmethod
    def _used() -> int:
        total = 0
        for mount in TMPFS_MOUNTS:
            try:
                stats = os.statvfs(mount)
            except OSError:
                continue
            total += (stats.f_blocks - stats.f_bfree) * stats.f_frsize
        return total

    def kb(self) -> int:
        return max(0, self._used() - self.baseline) // 1024


class OwnPeak:
    """One test's own peak, though the child's high-water mark only grows along its tests.

    If the test raised the child's high-water mark, that mark is the test's peak, exactly: the kernel saw it.
    Otherwise the test stayed under an earlier test's peak, and its own is the largest resident size the
    supervisor saw during it (at its start, every poll, and its end). That can miss a spike shorter than a
    poll, but never the limit: the limit is checked against the high-water mark, which misses nothing.
    """

    def __init__(self, child: Child):
        self.child = child
        self.mark_before = child.peak_kb()
        self.seen = child.resident_kb()

    def sample(self) -> None:
        self.seen = max(self.seen, self.child.resident_kb())

    def peak_kb(self) -> int:
        self.sample()
        mark = self.child.peak_kb()
        return mark if mark > self.mark_before else min(self.seen, mark)
