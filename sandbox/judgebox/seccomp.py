"""A seccomp filter for the process that holds the submission: one process, measurable from outside.

What it forbids, and why:
- starting processes (fork, vfork, clone without CLONE_THREAD, clone3) and exec: work done in another
  process would escape the supervisor's CPU and memory accounting of the child. Threads stay allowed
  (DuckDB and NumPy use them), and a thread's time and memory are the process's.
- io_uring (setup, enter, register): work submitted to the kernel's own workers runs outside the child's
  threads, and the interface has been the way out of many a sandbox; refused with ENOSYS, so that a library
  falls back to plain calls.
- lowering its own priority (setpriority, sched_setparam, sched_setscheduler, sched_setattr): a child that
  made itself the first to be starved on a busy machine would be kept waiting for a CPU it is not counted
  for (judgebox.measure.RunQueueWait), and hold its worker as long as the machine is busy.
- prctl(PR_SET_DUMPABLE): the child makes itself non-dumpable, so that /proc/<pid>/clear_refs belongs to
  root and the submission cannot reset the peak memory the supervisor reads; it must not undo that.

A forbidden call fails with EPERM (clone3 with ENOSYS, so that the C library falls back to clone for
threads). The filter is raw BPF installed with prctl, so the image needs nothing beyond the standard
library. On an architecture it does not know, install() raises: the runner then refuses to judge rather
than judge unmeasured.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct

PR_SET_DUMPABLE = 4
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
CLONE_THREAD = 0x00010000

SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_KILL_PROCESS = 0x80000000

# BPF instruction classes and fields (linux/filter.h).
BPF_LD, BPF_JMP, BPF_RET = 0x00, 0x05, 0x06
BPF_W, BPF_ABS, BPF_JEQ, BPF_JGE, BPF_JSET, BPF_K = 0x00, 0x20, 0x10, 0x30, 0x40, 0x00
X32_SYSCALL_BIT = 0x40000000

# struct seccomp_data: nr (0), arch (4), instruction_pointer (8), args[6] (16 + 8 * i); the low 32 bits
# of an argument are at its offset on little-endian machines.
OFFSET_NR, OFFSET_ARCH = 0, 4


def _arg_low(index: int) -> int:
    return 16 + 8 * index


# The same numbers on every architecture (the generic table).
IO_URING = {"io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427}

PRIORITY = ("setpriority", "sched_setparam", "sched_setscheduler", "sched_setattr")

# Per architecture: its AUDIT_ARCH value and the numbers of the calls the filter looks at (absent where
# the architecture has no such call). clone's flags are its first argument on both.
ARCHES = {
    "x86_64": (
        0xC000003E,
        {"fork": 57, "vfork": 58, "execve": 59, "execveat": 322, "clone": 56, "clone3": 435, "prctl": 157}
        | {"setpriority": 141, "sched_setparam": 142, "sched_setscheduler": 144, "sched_setattr": 314}
        | IO_URING,
    ),
    "aarch64": (
        0xC00000B7,
        {"execve": 221, "execveat": 281, "clone": 220, "clone3": 435, "prctl": 167}
        | {"setpriority": 140, "sched_setparam": 118, "sched_setscheduler": 119, "sched_setattr": 274}
        | IO_URING,
    ),
}


def _stmt(code: int, k: int) -> bytes:
    return struct.pack("HBBI", code, 0, 0, k)


def _jump(code: int, k: int, jt: int, jf: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def program(machine: str | None = None) -> list[bytes]:
    """The filter's instructions for this machine."""
    machine = machine or platform.machine()
    if machine not in ARCHES:
        raise OSError(f"no seccomp filter for the architecture {machine}")
    arch, calls = ARCHES[machine]
    deny = SECCOMP_RET_ERRNO | errno.EPERM
    code: list[bytes] = [
        _stmt(BPF_LD | BPF_W | BPF_ABS, OFFSET_ARCH),
        _jump(BPF_JMP | BPF_JEQ | BPF_K, arch, 1, 0),
        _stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),  # a call made through another ABI
        _stmt(BPF_LD | BPF_W | BPF_ABS, OFFSET_NR),
    ]
    if machine == "x86_64":
        # x32 calls share x86_64's AUDIT_ARCH, with this bit set in the number: fork | bit would pass below.
        code += [_jump(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1), _stmt(BPF_RET | BPF_K, deny)]
    for name in ("fork", "vfork", "execve", "execveat", *PRIORITY):
        if name in calls:
            code += [_jump(BPF_JMP | BPF_JEQ | BPF_K, calls[name], 0, 1), _stmt(BPF_RET | BPF_K, deny)]
    for name in ("clone3", *IO_URING):
        code += [
            _jump(BPF_JMP | BPF_JEQ | BPF_K, calls[name], 0, 1),
            _stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | errno.ENOSYS),
        ]
    # clone: allowed only with CLONE_THREAD in its flags (a thread of this process).
    code += [
        _jump(BPF_JMP | BPF_JEQ | BPF_K, calls["clone"], 0, 4),
        _stmt(BPF_LD | BPF_W | BPF_ABS, _arg_low(0)),
        _jump(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1),
        _stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        _stmt(BPF_RET | BPF_K, deny),
    ]
    # prctl: PR_SET_DUMPABLE is refused, everything else allowed.
    code += [
        _jump(BPF_JMP | BPF_JEQ | BPF_K, calls["prctl"], 0, 3),
        _stmt(BPF_LD | BPF_W | BPF_ABS, _arg_low(0)),
        _jump(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_DUMPABLE, 0, 1),
        _stmt(BPF_RET | BPF_K, deny),
    ]
    code.append(_stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW))
    return code


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install() -> None:
    """Make this process non-dumpable and confine it to itself; raises OSError if the kernel refuses."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    instructions = program()
    buffer = ctypes.create_string_buffer(b"".join(instructions))
    fprog = _SockFprog(len(instructions), ctypes.cast(buffer, ctypes.c_void_p))
    for option, value in ((PR_SET_DUMPABLE, 0), (PR_SET_NO_NEW_PRIVS, 1)):
        if libc.prctl(option, value, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), f"prctl({option}) failed")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "installing the seccomp filter failed")
