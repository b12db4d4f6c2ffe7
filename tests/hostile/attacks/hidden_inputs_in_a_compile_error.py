# attack: crashes in a hidden test so that it is loaded again, then raises a "compile error" holding the hidden inputs
# finding: 2
# problem: hostile-sum
# expect: runtime_error
# never-shows: hidden inputs
import glob
import os

from judgebox.errors import CompileError

_inputs = " ".join(open(path).read() for path in glob.glob("/box/tests/*/input.json"))
if "HIDDEN-INPUT" in _inputs:
    raise CompileError(_inputs)


def solve(xs, tag=None):
    if tag and tag.startswith("HIDDEN"):
        os._exit(1)
    return sum(xs)
