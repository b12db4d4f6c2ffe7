# attack: returns 10 MB
# finding: 3
# problem: hostile-sum
# expect: output_limit_exceeded


def solve(xs, tag=None):
    return "w" * 10_000_000
