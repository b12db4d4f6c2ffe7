# attack: writes its own result line nested 970 deep: just inside the runner's recursion limit, past the host's
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
    deep = b"[" * 970 + b"]" * 970
    os.write(int(sys.argv[3]), b'{"type": "result", "index": %d, "status": "ok", "output": %s}\n' % (index, deep))
    time.sleep(5)
