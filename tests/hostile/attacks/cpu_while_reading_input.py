# attack: does its work while the runner reads the test's input (json.load patched), which was not timed
# finding: 1
# problem: hostile-sum
# expect: time_limit_exceeded
import json
import time

_real_load = json.load


def _slow_load(*args, **kwargs):
    end = time.process_time() + 1.0
    while time.process_time() < end:
        pass
    return _real_load(*args, **kwargs)


json.load = _slow_load


def solve(xs, tag=None):
    return sum(xs)
