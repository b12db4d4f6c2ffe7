# attack: asks the kernel for an io_uring, whose work runs outside the child's threads
# finding: r2-low
# problem: hostile-sum
# expect: wrong_answer
import ctypes

_params = ctypes.create_string_buffer(120)
_fd = ctypes.CDLL(None, use_errno=True).syscall(425, 8, _params)


def solve(xs, tag=None):
    return sum(xs) if _fd >= 0 else sum(xs) + 1  # guarded: right only if the ring was given
