# attack: burns 3x the CPU limit in a thread; a thread's time is the process's
# finding: 1
# problem: hostile-sum
# expect: time_limit_exceeded
import threading
import time


def _burn():
    end = time.process_time() + 1.5
    while time.process_time() < end:
        pass


def solve(xs, tag=None):
    thread = threading.Thread(target=_burn)
    thread.start()
    thread.join()
    return sum(xs)
