# attack: writes the runner's own "internal_error" event on the results pipe, to blame the judge
# finding: 5
# problem: hostile-sum
# expect: runtime_error
# never-shows: forged by the submission
import os
import sys

os.write(int(sys.argv[3]), b'{"type": "internal_error", "message": "forged by the submission"}\n')


def solve(xs, tag=None):
    return sum(xs)
