"""Writes the datasets (python3 tools/generate.py from the problem directory).

Each dataset is its own small world: skips follow a logistic model whose coefficients differ
from one dataset to the next, so that a model must be trained on each dataset's training rows.
About 3 to 5% of plays are skips.
"""

import gzip
import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parents[1]

# intercept, prev_skip_rate, night, log(track_popularity), session_position / 40, is_premium
WORLDS = {
    "examples/01": (-11.5, 14.0, 2.0, -1.5, 2.0, -1.5),
    "examples/02": (-11.0, 13.0, 1.5, -1.2, 2.5, -1.0),
    "examples/03": (-11.8, 15.0, 2.5, -1.8, 1.5, -2.0),
    "hidden/01": (-10.6, 6.0, -2.0, 1.8, 6.0, 2.0),
    "hidden/02": (-8.6, 1.0, 4.0, -2.5, 5.0, -3.0),
    "hidden/03": (-9.9, 12.0, 0.0, -2.5, -3.0, 2.5),
    "shifted/01": (-7.7, -4.0, 3.0, 2.0, 4.0, 1.0),
    "shifted/02": (-9.8, 3.0, 3.5, -1.0, 5.0, 1.5),
}


# Worlds where no play is likelier than not to be skipped: late-night plays by free listeners are skipped 4
# times in 10, and nearly nothing else is. A model of the probabilities with a 0.5 cut-off predicts no skip at
# all (F1 0), as the statement's hint says; a threshold picked on the training rows, or class weights, find
# them (F1 about 0.55). Seeded apart, so that the worlds above keep their data.
UNSURE = {"hidden/04-unsure-skips": (-5.3, 1.0, 4.6, 0.0, 0.0, -4.6)}


def rows(n, rng):
    prev_skip = rng.beta(2, 5, n)
    hour = rng.integers(0, 24, n)
    popularity = rng.lognormal(0, 1, n)
    position = rng.integers(1, 41, n)
    premium = rng.integers(0, 2, n)
    return np.column_stack([prev_skip.round(4), hour, popularity.round(4), position, premium])


def labels(X, coefficients, rng):
    night = ((X[:, 1] >= 23) | (X[:, 1] <= 4)).astype(float)
    features = np.column_stack([np.ones(len(X)), X[:, 0], night, np.log(X[:, 2]), X[:, 3] / 40, X[:, 4]])
    logit = features @ np.array(coefficients)
    return (rng.random(len(X)) < 1 / (1 + np.exp(-logit))).astype(int)


def main():
    seeded = [(1000 + index, name, c) for index, (name, c) in enumerate(sorted(WORLDS.items()))]
    seeded += [(2000 + index, name, c) for index, (name, c) in enumerate(sorted(UNSURE.items()))]
    for seed, name, coefficients in seeded:
        rng = np.random.default_rng(seed)
        n_train, n_test = (6000, 3000) if name.startswith("examples") else (12000, 5000)
        X_train, X_test = rows(n_train, rng), rows(n_test, rng)
        y_train, y_test = labels(X_train, coefficients, rng), labels(X_test, coefficients, rng)
        payload = {"args": [[[float(v) if i in (0, 2) else int(v) for i, v in enumerate(r)] for r in X_train],
                            [int(v) for v in y_train],
                            [[float(v) if i in (0, 2) else int(v) for i, v in enumerate(r)] for r in X_test]],
                   "labels": [int(v) for v in y_test]}
        path = HERE / "data" / f"{name}.json.gz"
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            json.dump(payload, handle, separators=(",", ":"))
        print(name, f"skips {y_train.mean():.3f} / {y_test.mean():.3f}")


if __name__ == "__main__":
    main()
