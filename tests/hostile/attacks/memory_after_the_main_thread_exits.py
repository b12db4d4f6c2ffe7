# attack: the main thread leaves with a raw exit while another holds 40 MB (the limit is 64) and writes the result itself
# finding: r2-6
# problem: hostile-sum
# expect: runtime_error
import ctypes
import json
import os
import sys
import threading
import time


def _index():
    """The test being run, from the runner's own loop in this process."""
    frame = sys._getframe()
    while "command" not in frame.f_locals:
        frame = frame.f_back
    return frame.f_locals["command"]["index"]


def solve(xs, tag=None):
    index = _index()
    results = int(sys.argv[3])

    def hold():
        hoard = bytearray(40 * 1024 * 1024)
        for i in range(0, len(hoard), 4096):
            hoard[i] = 1
        time.sleep(0.3)  # the main thread is gone by now
        # Guarded: the right answer, which counts only if the vanished thread goes unseen.
        os.write(results, (json.dumps({"type": "result", "index": index, "status": "ok", "output": sum(xs)}) + "\n").encode())
        time.sleep(5)

    threading.Thread(target=hold).start()
    time.sleep(0.1)
    ctypes.CDLL(None).syscall(60, 0)  # exit (not exit_group): this thread only
