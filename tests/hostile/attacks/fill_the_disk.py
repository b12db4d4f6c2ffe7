# attack: writes until /tmp is full, then answers right
# finding: 3
# problem: hostile-sum
# expect: memory_limit_exceeded


def solve(xs, tag=None):
    try:
        with open("/tmp/fill", "wb") as handle:
            while True:
                handle.write(b"f" * 1024 * 1024)
    except OSError:
        pass
    return sum(xs)
