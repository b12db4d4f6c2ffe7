# attack: keeps 60 MB in a file under /tmp (a tmpfs: memory that is not the process's resident size)
# finding: 1
# problem: hostile-sum
# expect: memory_limit_exceeded
with open("/tmp/hoard", "wb") as _handle:
    for _ in range(60):
        _handle.write(b"x" * 1024 * 1024)


def solve(xs, tag=None):
    return sum(xs)
