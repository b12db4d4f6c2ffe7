# attack: module-level code just under its allowance, then every test just under the wall limit
# finding: 4
# problem: hostile-sum
# expect: time_limit_exceeded
# budget: yes
import time

time.sleep(5.3)


def solve(xs, tag=None):
    time.sleep(1.4)
    return sum(xs)
