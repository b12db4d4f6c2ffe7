# attack: a thread holds 90 MB while the main thread answers
# finding: 1
# problem: hostile-sum
# expect: memory_limit_exceeded
import threading

HOARD = []
threading.Thread(target=lambda: HOARD.extend(bytearray(1024 * 1024) for _ in range(90))).start()


def solve(xs, tag=None):
    return sum(xs)
