# attack: holds 30 MB in a shared anonymous mapping across the supervisor's polls: in its resident set and in the cgroup's shmem, to be counted once, not twice (twice is over the 64 MB limit)
# finding: r2-6
# problem: hostile-sum
# expect: accepted
# counts-memory-mb: 40
import mmap
import time


def solve(xs, tag=None):
    shared = mmap.mmap(-1, 30 * 1024 * 1024)
    for i in range(0, len(shared), 4096):
        shared[i] = 1
    time.sleep(0.2)
    shared.close()
    return sum(xs)
