"""What the supervisor measures of a test besides time: kernel OOM kills, each test's own memory peak, and the
memory the container is charged for that no process holds. Read from the kernel (cgroup files, statvfs,
/proc of the child), never from the child.
"""

from __future__ import annotations

import os
import time

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


class Unattributed:
    """Memory the container's cgroup is charged that no resident set shows as a process's own: shared memory
    (files in the tmpfs mounts, a memfd mapped or not, System V and POSIX shm) and the kernel's memory for the
    container's processes (pipe and socket buffers, page tables, kernel stacks). Measured against what it was
    before the first child, so that it is the child's doing. Anonymous memory is left to the resident sets
    (OwnPeak): it is in one unless the child's main thread has gone, which is a runtime error of its own
    (Child.leader_gone); and sampling it against the resident sets would race with the child's allocations.

    Where the cgroup cannot be read, it falls back to what the tmpfs mounts hold (TmpfsUsage).
    """

    V2_STAT = "/sys/fs/cgroup/memory.stat"
    V1_STAT = "/sys/fs/cgroup/memory/memory.stat"
    V1_KMEM = "/sys/fs/cgroup/memory/memory.kmem.usage_in_bytes"

    def __init__(self) -> None:
        self.tmpfs = TmpfsUsage()
        self.baseline = self._outside(None)
        self._figure = self.baseline or 0  # the last figure given

    @classmethod
    def charged_kb(cls) -> int | None:
        """Shared and kernel memory charged to the container, in kB; None where the cgroup cannot be read."""
        stat = cls._stat(cls.V2_STAT)
        if stat is not None:
            kernel = stat.get("kernel")
            if kernel is None:
                kernel = sum(stat.get(key, 0) for key in ("kernel_stack", "pagetables", "sock", "slab"))
            return (stat.get("shmem", 0) + kernel) // 1024
        stat = cls._stat(cls.V1_STAT)
        if stat is None:
            return None
        try:
            with open(cls.V1_KMEM) as handle:
                kernel = int(handle.read().strip() or 0)
        except (OSError, ValueError):
            kernel = 0
        return (stat.get("shmem", 0) + kernel) // 1024

    @staticmethod
    def _stat(path: str) -> dict[str, int] | None:
        try:
            with open(path) as handle:
                pairs = (line.split() for line in handle)
                return {pair[0]: int(pair[1]) for pair in pairs if len(pair) == 2 and pair[1].isdigit()}
        except OSError:
            return None

    @staticmethod
    def _mapped_shared_kb(pid: int | None) -> int:
        """Shared memory mapped by the runner and the child (RssShmem): in their resident sets already."""
        total = 0
        for who in ("self", pid) if pid is not None else ("self",):
            try:
                with open(f"/proc/{who}/status") as handle:
                    total += next((int(line.split()[1]) for line in handle if line.startswith("RssShmem:")), 0)
            except (OSError, ValueError, IndexError):
                continue
        return total

    def _outside(self, pid: int | None) -> int | None:
        # Read between two reads of what is mapped, and the larger taken away: a mapping made or dropped
        # between the reads must not look, for a moment, like memory held outside it.
        before = self._mapped_shared_kb(pid)
        charged = self.charged_kb()
        if charged is None:
            return None
        return charged - max(before, self._mapped_shared_kb(pid))

    RISE_KB = 1024  # a rise past the last figure of more than this is read again before it counts
    # A mapping's pages are freed a moment after it is unmapped, and that moment grows with the machine's
    # load: a quarter of a second of re-reads before a rise counts (memory held on purpose is still there).
    RECHECKS = 10
    RECHECK_S = 0.025

    def kb(self, child: Child) -> int:
        """What is charged beyond the baseline and outside the resident sets. A rise is read again, 25 ms
        apart, until a reading is no lower (at most RECHECKS times), and the lowest kept: a mapping's pages
        are freed a moment after it is unmapped (later on a busy machine), so one reading can see memory on
        its way out, while memory held to slip past the measure is still there when read again."""
        pid = child.process.pid
        now = self._outside(pid)
        if now is None or self.baseline is None:
            return self.tmpfs.kb()
        for _ in range(self.RECHECKS):
            if now <= self._figure + self.RISE_KB:
                break
            time.sleep(self.RECHECK_S)
            again = self._outside(pid)
            if again is None or again >= now:
                break
            now = again
        self._figure = now
        return max(0, now - self.baseline)


class OwnPeak:
    """One test's own peak, though the child's high-water mark only grows along its tests.

    If the test raised the child's high-water mark, that mark is the test's peak, exactly: the kernel saw it.
    Otherwise the test stayed under an earlier test's peak, and its own is the largest resident size the
    supervisor saw during it (at its start, every poll, and its end). That can miss a spike shorter than a
    poll, but never the limit: the limit is checked against the high-water mark, which misses nothing.

    The memory charged outside any resident set (Unattributed) is added at its largest seen during the test.
    """

    def __init__(self, child: Child, unattributed: Unattributed):
        self.child = child
        self.unattributed = unattributed
        self.mark_before = child.peak_kb()
        self.seen = child.resident_kb()
        self.outside = unattributed.kb(child)

    def sample(self) -> None:
        self.seen = max(self.seen, self.child.resident_kb())
        self.outside = max(self.outside, self.unattributed.kb(self.child))

    def peak_kb(self) -> int:
        self.sample()
        mark = self.child.peak_kb()
        return (mark if mark > self.mark_before else min(self.seen, mark)) + self.outside


class RunQueueWait:
    """How long the child was kept from the CPU it wanted: the time its threads spent runnable on a run
    queue and not running (the second field of /proc/<pid>/task/<tid>/schedstat), since this was made.

    It is what a busy machine adds to a test's wall time and a quiet one does not, so the wall-time limit is
    kept on the wall time less this (`waited_s`): a program that waits rather than computes is stopped
    after as long as on a quiet machine, and one the machine starved is not. The figure is the largest of
    any one thread's, so that threads waiting side by side are not counted many times over. It only grows:
    a thread that has exited keeps its last reading. The child cannot lower it: the kernel keeps it, and
    lowering its own priority to be starved on purpose is refused (judgebox.seccomp).
    """

    def __init__(self, pid: int):
        self.pid = pid
        self.base = self._read()
        self.seen: dict[str, int] = {}

    def _read(self) -> dict[str, int]:
        delays = {}
        try:
            tids = os.listdir(f"/proc/{self.pid}/task")
        except OSError:
            return {}
        for tid in tids:
            try:
                with open(f"/proc/{self.pid}/task/{tid}/schedstat") as handle:
                    delays[tid] = int(handle.read().split()[1])
            except (OSError, ValueError, IndexError):
                continue
        return delays

    def sample(self) -> None:
        for tid, delay in self._read().items():
            self.seen[tid] = max(self.seen.get(tid, 0), delay - self.base.get(tid, 0))

    def waited_s(self) -> float:
        self.sample()
        return max(self.seen.values(), default=0) / 1e9


class DiskWait:
    """How long the child was held waiting for the disk (a thread in uninterruptible sleep, state D, in
    /proc/<pid>/task/<tid>/stat), sampled at each poll: on a busy machine, reading files the page cache no
    longer holds waits on other containers' reads, which a quiet machine would not. Counted like waiting for a
    CPU, so the wall-time limit does not stop a program for the machine's disk. Sampled, so within a poll."""

    def __init__(self, pid: int):
        self.pid = pid
        self.last = time.monotonic()
        self.total = 0.0

    def _on_disk(self) -> bool:
        try:
            tids = os.listdir(f"/proc/{self.pid}/task")
        except OSError:
            return False
        for tid in tids:
            try:
                with open(f"/proc/{self.pid}/task/{tid}/stat") as handle:
                    if handle.read().rsplit(")", 1)[1].split()[0] == "D":
                        return True
            except (OSError, IndexError):
                continue
        return False

    def waited_s(self) -> float:
        now = time.monotonic()
        if self._on_disk():
            self.total += now - self.last
        self.last = now
        return self.total
