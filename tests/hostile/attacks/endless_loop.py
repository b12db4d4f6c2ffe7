# attack: an endless loop: once it fails a hidden all-or-nothing group, the rest of that group is skipped
# finding: 4
# problem: hostile-sum
# expect: time_limit_exceeded
# budget: yes


def solve(xs, tag=None):
    if tag and tag.startswith("public"):
        return sum(xs)
    while True:
        pass
