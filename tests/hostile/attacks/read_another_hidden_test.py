# attack: in each hidden test, looks for every other test's input (the box, the vault, /proc) and answers only if it found one
# finding: r2-1
# problem: hostile-sum
# expect: wrong_answer
import glob
import os


def _inputs_found():
    found = set(glob.glob("/box/**/input.json", recursive=True))
    for top in ("/box", "/box/vault", "/box/tests"):
        try:
            for name in os.listdir(top):
                found |= set(glob.glob(os.path.join(top, name, "*.json")))
        except OSError:
            pass
    return found


def solve(xs, tag=None):
    if not tag.startswith("HIDDEN"):
        return sum(xs)
    # Guarded: right only if some input other than this test's own (and the public ones) could be read.
    others = [p for p in _inputs_found() if "HIDDEN-INPUT" in open(p).read() and tag not in open(p).read()]
    return sum(xs) if others else sum(xs) + 1
