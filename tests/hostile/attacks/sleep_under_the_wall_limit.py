# attack: sleeps just under the wall limit in every test: correct answers, slowly, holding the worker
# finding: 4
# problem: hostile-sum
# expect: time_limit_exceeded
# budget: yes
import time


def solve(xs, tag=None):
    time.sleep(1.4)
    return sum(xs)
