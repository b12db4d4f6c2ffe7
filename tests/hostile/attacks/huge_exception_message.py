# attack: raises an exception with a 10 MB message, to be stored with the result
# finding: 3
# problem: hostile-sum
# expect: runtime_error


def solve(xs, tag=None):
    raise ValueError("z" * 10_000_000)
