# attack: keeps 100 MB in a memfd it never maps: in no resident set and in no tmpfs mount
# finding: r2-6
# problem: hostile-sum
# expect: memory_limit_exceeded
import os

_fd = os.memfd_create("hoard")
for _ in range(100):
    os.write(_fd, b"x" * 1024 * 1024)


def solve(xs, tag=None):
    return sum(xs)
