# attack: slow module-level code, and a crash in every test so that it is loaded again each time
# finding: 4
# problem: hostile-sum
# expect: runtime_error
# budget: yes
import os
import time

time.sleep(4.5)


def solve(xs, tag=None):
    os._exit(3)
