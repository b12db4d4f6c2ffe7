# attack: keeps 60 MB in /dev/shm, another tmpfs
# finding: 1
# problem: hostile-sum
# expect: memory_limit_exceeded
with open("/dev/shm/hoard", "wb") as _handle:
    for _ in range(60):
        _handle.write(b"x" * 1024 * 1024)


def solve(xs, tag=None):
    return sum(xs)
