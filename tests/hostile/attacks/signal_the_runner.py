# attack: sends every catchable signal to PID 1; right otherwise
# finding: 5
# problem: hostile-sum
# expect: accepted
import os
import signal


def solve(xs, tag=None):
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGQUIT, signal.SIGALRM):
        try:
            os.kill(1, sig)
        except OSError:
            pass
    return sum(xs)
