"""Writes the tests (python3 tools/generate.py from the problem directory); answers from the reference."""

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "solutions"))
from reference import bootstrap_ci  # noqa: E402


def write(group, name, values, n_boot, seed, **kwargs):
    payload = {"args": [values, n_boot, seed], "kwargs": kwargs, "expected": bootstrap_ci(values, n_boot, seed, **kwargs)}
    (HERE / "data" / group / f"{name}.json").write_text(json.dumps(payload) + "\n")


def main():
    write("examples", "01-minutes", [12, 35, 7, 41, 22, 18, 30, 25], 1000, 42)
    write("examples", "02-median", [3.5, 1.0, 8.25, 4.0, 2.5, 6.0, 7.75], 500, 7, statistic="median")
    write("examples", "03-ninety", [0, 1, 1, 0, 1, 1, 1, 0, 1, 1], 2000, 1, alpha=0.1)
    write("edge-cases", "01-constant", [5.0] * 6, 300, 3)
    write("edge-cases", "02-two-values", [0, 100], 1000, 11)
    write("edge-cases", "03-outlier", [1, 2, 1, 2, 1, 2, 1, 500], 3000, 2024)
    write("edge-cases", "04-single-resample", [4, 8, 15, 16, 23, 42], 1, 5)
    write("edge-cases", "05-median-even", [10, 20, 30, 40], 800, 9, statistic="median", alpha=0.2)
    rng = random.Random(31)
    for case in range(1, 5):
        values = [round(rng.lognormvariate(3, 1), 2) for _ in range(rng.randint(50, 400))]
        write("random", f"{case:02d}", values, rng.choice([1000, 2000, 5000]), rng.randint(0, 10**6),
              statistic=rng.choice(["mean", "median"]), alpha=rng.choice([0.05, 0.1, 0.01]))


if __name__ == "__main__":
    main()
