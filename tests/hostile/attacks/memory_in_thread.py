# attack: a thread holds 90 MB while the main thread answers
# finding: 1
# problem: hostile-sum
# expect: memory_limit_exceeded
import threading

HOARD = []
_hoarder = threading.Thread(target=lambda: HOARD.extend(bytearray(1024 * 1024) for _ in range(90)))
_hoarder.start()


def solve(xs, tag=None):
    _hoarder.join()  # the memory is the other thread's, whatever the machine's load: it is all there by now
    return sum(xs)
