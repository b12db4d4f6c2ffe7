# attack: returns a list nested 100 000 deep, which a naive encoder or checker recurses into
# finding: 3
# problem: hostile-sum
# expect: runtime_error


def solve(xs, tag=None):
    value = []
    for _ in range(100_000):
        value = [value]
    return value
