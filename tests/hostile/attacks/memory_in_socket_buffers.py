# attack: keeps about 27 MB in the kernel's socket buffers (all 256 files allow), which no resident set shows
# finding: r2-6
# problem: hostile-sum
# expect: accepted
# counts-memory-mb: 35
import socket

_pairs = []
for _ in range(110):
    a, b = socket.socketpair()
    a.setblocking(False)
    try:
        while True:
            a.send(b"x" * 65536)
    except BlockingIOError:
        pass
    _pairs.append((a, b))


def solve(xs, tag=None):
    return sum(xs)
