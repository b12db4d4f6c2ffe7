# attack: sleeps just under the wall limit while its input is read, on every test, to hold the worker
# finding: 4
# problem: hostile-sum
# expect: time_limit_exceeded
# budget: yes
import json
import time

_real_load = json.load


def _slow_load(*args, **kwargs):
    time.sleep(1.4)
    return _real_load(*args, **kwargs)


json.load = _slow_load


def solve(xs, tag=None):
    return sum(xs)
