# attack: keeps its memory in the kernel's pipe buffers, which no process's resident set shows
# finding: r2-6
# problem: hostile-sum
# expect: memory_limit_exceeded
import fcntl
import os

F_SETPIPE_SZ = 1031
_pipes = []
for _ in range(100):
    r, w = os.pipe()
    try:
        fcntl.fcntl(w, F_SETPIPE_SZ, 1024 * 1024)
    except OSError:
        pass
    os.set_blocking(w, False)
    try:
        while True:
            os.write(w, b"x" * 65536)
    except BlockingIOError:
        pass
    _pipes.append((r, w))


def solve(xs, tag=None):
    return sum(xs)
