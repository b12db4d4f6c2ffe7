"""Writes the datasets (python3 tools/generate.py from the problem directory).

The launch is on 2024-06-10. In the larger datasets, test-group Android users on 8.9.2 stop
coming back after it: that is the segment the answer should make obvious.
"""

import csv
import random
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
START, LAUNCH = date(2024, 6, 1), date(2024, 6, 10)


def write(directory: Path, users, activity):
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "users.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([["user_id", "platform", "country", "app_version", "experiment_group"], *users])
    with (directory / "activity.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([["user_id", "activity_date", "sessions"], *activity])


def generated(seed: int, n_users: int):
    rng = random.Random(seed)
    users, activity = [], []
    for uid in range(1, n_users + 1):
        platform = rng.choice(["ios", "android", "android", "web"])
        version = rng.choice(["8.9.1", "8.9.2"]) if platform != "web" else rng.choice(["8.9.2", "web-2"])
        group = rng.choice(["test", "control"])
        users.append([uid, platform, rng.choice(["SE", "US", "BR", "IN"]), version, group])
        base = rng.uniform(0.2, 0.8)
        for day in range(20):
            d = START + timedelta(days=day)
            p = base
            if d >= LAUNCH and group == "test" and platform == "android" and version == "8.9.2":
                p *= 0.3
            if rng.random() < p:
                for _ in range(rng.choice([1, 1, 1, 2])):  # a second row for the same day: another app start
                    activity.append([uid, d.isoformat(), rng.randint(1, 6)])
    rng.shuffle(activity)
    return users, activity


def main():
    # Examples: small and readable.
    write(HERE / "data/examples/01", [[1, "ios", "SE", "8.9.2", "test"], [2, "ios", "US", "8.9.2", "test"],
                                      [3, "android", "SE", "8.9.2", "test"], [4, "android", "BR", "8.9.2", "control"]],
          [[1, "2024-06-03", 2], [1, "2024-06-03", 1], [2, "2024-06-05", 1], [1, "2024-06-10", 3], [2, "2024-06-12", 1],
           [2, "2024-06-16", 1], [3, "2024-06-04", 1], [3, "2024-06-09", 2], [4, "2024-06-11", 5], [3, "2024-06-17", 1]])
    write(HERE / "data/examples/02", [[10, "web", "IN", "web-2", "test"], [11, "web", "IN", "web-2", "test"]],
          [[10, "2024-06-02", 1], [10, "2024-06-03", 1], [11, "2024-06-03", 1], [10, "2024-06-09", 1],
           [10, "2024-06-10", 1], [11, "2024-06-14", 4]])
    write(HERE / "data/examples/03", *generated(3, 40))
    # Edge cases: window boundaries, duplicate rows, days without anyone, control only, active only outside.
    write(HERE / "data/edge-cases/01-boundaries", [[1, "ios", "SE", "8.9.1", "test"]],
          [[1, "2024-06-02", 1], [1, "2024-06-03", 1], [1, "2024-06-09", 1], [1, "2024-06-10", 1], [1, "2024-06-16", 1],
           [1, "2024-06-17", 1]])
    write(HERE / "data/edge-cases/02-duplicates", [[1, "android", "SE", "8.9.2", "test"], [2, "android", "SE", "8.9.2", "test"]],
          [[1, "2024-06-04", 1]] * 4 + [[2, "2024-06-04", 1], [1, "2024-06-11", 1], [1, "2024-06-11", 2]])
    write(HERE / "data/edge-cases/03-sparse-days", [[1, "web", "US", "web-2", "test"], [2, "ios", "US", "8.9.2", "test"]],
          [[1, "2024-06-05", 1], [1, "2024-06-13", 1], [2, "2024-06-03", 1], [2, "2024-06-04", 1], [2, "2024-06-05", 1],
           [2, "2024-06-06", 1], [2, "2024-06-07", 1], [2, "2024-06-08", 1], [2, "2024-06-09", 1]])
    write(HERE / "data/edge-cases/04-control-and-outside", [[1, "ios", "SE", "8.9.1", "control"], [2, "ios", "SE", "8.9.1", "test"],
                                                            [3, "android", "SE", "8.9.1", "test"]],
          [[1, "2024-06-05", 1], [1, "2024-06-12", 1], [2, "2024-06-05", 1], [3, "2024-05-20", 1], [3, "2024-06-20", 1]])
    write(HERE / "data/larger/01", *generated(11, 600))
    write(HERE / "data/larger/02", *generated(12, 1500))


if __name__ == "__main__":
    main()
