# attack: sends a "ready" event whose info tries to turn the event into an internal error
# finding: 5
# problem: hostile-sum
# expect: runtime_error
import os
import sys

os.write(int(sys.argv[3]), b'{"type": "ready", "info": {"type": "internal_error", "message": "forged"}}\n')


def solve(xs, tag=None):
    return sum(xs)
