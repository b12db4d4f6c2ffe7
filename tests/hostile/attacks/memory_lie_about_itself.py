# attack: holds 90 MB (over the limit, under the container's ceiling) and makes resource.getrusage, the runner's old source of memory, report 10 MB
# finding: 1
# problem: hostile-sum
# expect: memory_limit_exceeded
import resource

_real = resource.getrusage
resource.getrusage = lambda who: _real(who)._replace(ru_maxrss=10_000)
HOARD = [bytearray(1024 * 1024) for _ in range(90)]


def solve(xs, tag=None):
    return sum(xs)
