# attack: lowers its own priority (nice 19, SCHED_IDLE) to be the first starved on a busy machine, where the time it waits for a CPU is not counted against it, and hold its worker
# finding: load
# problem: hostile-sum
# expect: accepted
import ctypes
import os

_libc = ctypes.CDLL(None, use_errno=True)
_lowered = []
try:
    os.nice(19)
    _lowered.append("nice")
except OSError:
    pass
try:
    os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    _lowered.append("idle")
except OSError:
    pass
try:
    os.setpriority(os.PRIO_PROCESS, 0, 19)
    _lowered.append("setpriority")
except OSError:
    pass


def solve(xs, tag=None):
    return sum(xs) if not _lowered else sum(xs) + 1  # right only if every call was refused
