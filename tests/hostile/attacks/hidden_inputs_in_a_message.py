# attack: raises an exception whose message holds every input file, in a public test
# finding: 2
# problem: hostile-sum
# expect: runtime_error
# never-shows: hidden inputs
import glob


def solve(xs, tag=None):
    raise RuntimeError(" ".join(open(path).read() for path in glob.glob("/box/tests/*/input.json")))
