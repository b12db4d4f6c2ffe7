"""Writes the tests (python3 tools/generate.py from the problem directory); answers from the reference."""

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "solutions"))
from reference import recsys_metrics  # noqa: E402

FEATURES = {"a": [1, 0], "b": [0, 1], "c": [1, 1], "d": [1, 0], "e": [0, 2], "f": [3, 1]}
POPULARITY = {"a": 50, "b": 25, "c": 12, "d": 8, "e": 4, "f": 1}


def write(group, name, recommendations, relevant, k, features=FEATURES, popularity=POPULARITY):
    args = [recommendations, relevant, features, popularity, k]
    payload = {"args": args, "expected": recsys_metrics(*args)}
    (HERE / "data" / group / f"{name}.json").write_text(json.dumps(payload) + "\n")


def main():
    write("examples", "01-one-user", {"u1": ["a", "b", "c"]}, {"u1": ["b", "d"]}, 3)
    write("examples", "02-two-users", {"u1": ["c", "a"], "u2": ["f", "e"]}, {"u1": ["c"], "u2": ["a", "b", "e"]}, 2)
    write("examples", "03-cut-at-k", {"u1": ["a", "d", "b", "e"]}, {"u1": ["a"]}, 2)
    write("edge-cases", "01-no-relevant", {"u1": ["a", "b"], "u2": ["c", "d"]}, {"u2": ["d"]}, 2)
    write("edge-cases", "02-single-item", {"u1": ["f"]}, {"u1": ["f"]}, 5)
    write("edge-cases", "03-more-relevant-than-k", {"u1": ["a", "x1", "b"]}, {"u1": ["a", "b", "c", "d", "e"]}, 3,
          {**FEATURES, "x1": [0, 0]}, {**POPULARITY, "x1": 3})
    write("edge-cases", "04-hit-beyond-k", {"u1": ["e", "f", "a", "b"]}, {"u1": ["a", "b"]}, 2)
    write("edge-cases", "05-same-direction", {"u1": ["a", "d", "f"]}, {"u1": ["d"]}, 3)
    # Catches averaging over every user of `relevant` as well: u9 has relevant items and no recommendations, so
    # is not one of the users averaged over (solutions/union-of-users.py).
    write("edge-cases", "06-relevant-but-not-recommended", {"u1": ["a", "b", "c"]},
          {"u1": ["b", "d"], "u9": ["a", "c"]}, 3)
    # Catches dividing by the number of users without a guard: no users at all is 0 everywhere.
    write("edge-cases", "07-no-users", {}, {"u1": ["a"]}, 3)
    # Catches skipping a user whose list is empty instead of counting them as 0 in every mean.
    write("edge-cases", "08-empty-list", {"u1": [], "u2": ["a", "b"]}, {"u1": ["a"], "u2": ["a"]}, 2)
    # Catches counting a repeated relevant item twice in |R| (R is a set): b was played twice.
    write("edge-cases", "09-repeated-relevant", {"u1": ["a", "b", "c"]}, {"u1": ["b", "d", "b"]}, 3)
    # The same where |R| decides min(k, |R|) in AP@k: three listens of two items, k = 3.
    write("edge-cases", "10-repeats-and-ap", {"u1": ["c", "a", "e"], "u2": ["a"]}, {"u1": ["a", "a", "f"], "u2": ["a", "a"]}, 3)
    rng = random.Random(99)
    for case in range(1, 4):
        items = [f"t{i}" for i in range(300)]
        features = {i: [rng.randint(0, 3) for _ in range(6)] for i in items}
        for i in items[:5]:
            features[i] = [0] * 6
        popularity = {i: rng.randint(1, 5000) for i in items}
        k = [5, 10, 20][case - 1]
        recs, rel = {}, {}
        for u in range(200):
            recs[f"u{u}"] = rng.sample(items, k + rng.randint(0, 10))
            rel[f"u{u}"] = rng.sample(items, rng.randint(0, 15)) + rng.sample(recs[f"u{u}"], rng.randint(0, 3))
        write("random", f"{case:02d}", recs, {u: sorted(set(v)) for u, v in rel.items()}, k, features, popularity)


if __name__ == "__main__":
    main()
