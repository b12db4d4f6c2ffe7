# attack: returns NaN and infinities, which JSON cannot carry as numbers
# finding: 3
# problem: hostile-sum
# expect: wrong_answer


def solve(xs, tag=None):
    return float("nan")
