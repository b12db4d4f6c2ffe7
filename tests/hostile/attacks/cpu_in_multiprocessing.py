# attack: a multiprocessing pool, whose workers are processes of their own
# finding: 1
# problem: hostile-sum
# expect: runtime_error
import multiprocessing


def solve(xs, tag=None):
    with multiprocessing.Pool(2) as pool:
        return sum(pool.map(abs, [0])) + sum(xs)
