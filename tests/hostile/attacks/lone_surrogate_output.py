# attack: returns a string with a lone surrogate, which cannot be encoded as UTF-8
# finding: 3
# problem: hostile-sum
# expect: wrong_answer


def solve(xs, tag=None):
    return "\ud800"
