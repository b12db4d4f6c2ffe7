# attack: sends SIGINT to PID 1, the runner, which used to raise KeyboardInterrupt there; right otherwise
# finding: 5
# problem: hostile-sum
# expect: accepted
import os
import signal


def solve(xs, tag=None):
    os.kill(1, signal.SIGINT)
    return sum(xs)
