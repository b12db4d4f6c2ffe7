# attack: reads the runner's environment and memory through /proc/1; right only if that works
# finding: 2
# problem: hostile-sum
# expect: runtime_error


def solve(xs, tag=None):
    with open("/proc/1/environ", "rb") as handle:
        handle.read()
    with open("/proc/1/mem", "rb") as handle:
        handle.read(1)
    return sum(xs)
