# attack: in each hidden test, raises its memory peak by an amount set from a byte of its input, to read back from its own view
# finding: r2-8
# problem: hostile-sum
# expect: accepted
# coarse: yes
import mmap


def solve(xs, tag=None):
    if tag.startswith("HIDDEN"):
        hoard = mmap.mmap(-1, (xs[0] % 32 + 1) * 1024 * 1024)  # mapped and unmapped: nothing kept between tests
        for i in range(0, len(hoard), 4096):
            hoard[i] = 1
        hoard.close()
    return sum(xs)
