# attack: burns CPU in a forked process, whose time the old runner did not count; right only if fork works
# finding: 1
# problem: hostile-sum
# expect: runtime_error
import os


def solve(xs, tag=None):
    pid = os.fork()
    if pid == 0:
        total = 0
        for i in range(30_000_000):
            total += i
        os._exit(0)
    os.waitpid(pid, 0)
    return sum(xs)
