# attack: raises an exception whose message holds a lone surrogate, which cannot be stored or sent as UTF-8
# finding: r2-5
# problem: hostile-sum
# expect: runtime_error


def solve(xs, tag=None):
    raise RuntimeError("broken \ud800 text \udfff")
