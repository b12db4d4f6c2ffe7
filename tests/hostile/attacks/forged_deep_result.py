# attack: writes its own result line to the runner, nested 50 000 deep, past any recursion limit
# finding: r2-4
# problem: hostile-sum
# expect: runtime_error
import os
import sys
import time


def _index():
    """The test being run, from the runner's own loop in this process."""
    frame = sys._getframe()
    while "command" not in frame.f_locals:
        frame = frame.f_back
    return frame.f_locals["command"]["index"]


def solve(xs, tag=None):
    index = _index()
    deep = b"[" * 50_000 + b"]" * 50_000
    os.write(int(sys.argv[3]), b'{"type": "result", "index": %d, "status": "ok", "output": %s}\n' % (index, deep))
    time.sleep(5)
