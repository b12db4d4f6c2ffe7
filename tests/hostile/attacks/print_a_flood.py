# attack: prints 20 MB to stdout
# finding: 3
# problem: hostile-sum
# expect: output_limit_exceeded
import sys


def solve(xs, tag=None):
    for _ in range(20):
        sys.stdout.write("y" * 1024 * 1024)
    return sum(xs)
