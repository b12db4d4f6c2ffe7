# attack: rewrites the task file to lift its own limits; right only if that works
# finding: 1
# problem: hostile-sum
# expect: runtime_error


def solve(xs, tag=None):
    with open("/box/task.json", "w") as handle:
        handle.write("{}")
    return sum(xs)
