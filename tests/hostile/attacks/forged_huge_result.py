# attack: sends a 20 MB result event of its own on the results pipe
# finding: 3
# problem: hostile-sum
# expect: output_limit_exceeded
import os
import sys


def solve(xs, tag=None):
    line = b'{"type": "result", "index": 0, "status": "ok", "output": "' + b"x" * (20 * 1024 * 1024) + b'"}\n'
    os.write(int(sys.argv[3]), line)
    return sum(xs)
