# attack: runs the work in another program through subprocess
# finding: 1
# problem: hostile-sum
# expect: runtime_error
import subprocess
import sys


def solve(xs, tag=None):
    done = subprocess.run([sys.executable, "-c", f"print(sum({list(xs)}))"], capture_output=True, text=True)
    return int(done.stdout)
