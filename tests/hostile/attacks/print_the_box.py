# attack: prints every file of the box in a public test, hoping the hidden inputs are among them
# finding: 2
# problem: hostile-sum
# expect: wrong_answer
# never-shows: hidden inputs
import os


def _dump():
    for root, _, files in os.walk("/box"):
        for name in files:
            try:
                with open(os.path.join(root, name), errors="replace") as handle:
                    print(handle.read()[:500])
            except OSError:
                pass


def solve(xs, tag=None):
    _dump()
    return -1  # wrong, so that the public tests show what was printed
