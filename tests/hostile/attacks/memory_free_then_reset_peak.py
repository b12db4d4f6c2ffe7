# attack: touches 90 MB, frees it, then resets its peak resident size through /proc/self/clear_refs
# finding: 1
# problem: hostile-sum
# expect: memory_limit_exceeded


def solve(xs, tag=None):
    hoard = [bytearray(1024 * 1024) for _ in range(90)]
    del hoard
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass
    return sum(xs)
