"""Writes the tests (python3 tools/generate.py from the problem directory); answers from the reference."""

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "solutions"))
from reference import train_serve_skew  # noqa: E402


def write(group, name, train, serve):
    payload = {"args": [train, serve], "expected": train_serve_skew(train, serve)}
    (HERE / "data" / group / f"{name}.json").write_text(json.dumps(payload) + "\n")


def main():
    write("examples", "01-no-drift",
          {"skip_rate": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]},
          {"skip_rate": [0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 1.0]})
    write("examples", "02-shifted",
          {"session_len": list(range(1, 21))},
          {"session_len": list(range(11, 31))})
    write("examples", "03-categories",
          {"platform": ["ios"] * 5 + ["android"] * 4 + ["web"]},
          {"platform": ["ios"] * 2 + ["android"] * 2 + ["web"] * 4 + ["tv"] * 2})
    write("edge-cases", "01-identical", {"x": [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]}, {"x": [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]})
    write("edge-cases", "02-constant", {"x": [7] * 12}, {"x": [7] * 6 + [8] * 6})
    write("edge-cases", "03-unseen-only", {"country": ["SE", "SE", "US"]}, {"country": ["BR", "BR", "BR", "SE"]})
    write("edge-cases", "04-empty-serving-bins",
          {"ms": [1000 * i for i in range(1, 41)]}, {"ms": [40000, 39000, 38000, 41000, 50000]})
    # Catches one bin per unseen category: tv and car are two values never seen in training, and they share the
    # one extra bin (solutions/bin-per-unseen.py gives each its own).
    write("edge-cases", "06-two-unseen-categories", {"platform": ["ios"] * 6 + ["android"] * 4},
          {"platform": ["ios"] * 4 + ["android"] * 2 + ["tv"] * 2 + ["car"] * 2})
    write("edge-cases", "05-below-all-edges", {"age": list(range(20, 40))}, {"age": [10, 11, 12, 25, 26]})
    rng = random.Random(2026)
    for case in range(1, 5):
        train, serve = {}, {}
        for j, shift in enumerate([0.0, 0.05 * case, 0.4 * case, 0.0]):
            n_t, n_s = rng.randrange(800, 2000), rng.randrange(500, 1500)
            train[f"num_{j}"] = [round(rng.gauss(0, 1), 4) for _ in range(n_t)]
            serve[f"num_{j}"] = [round(rng.gauss(shift, 1 + 0.1 * j * case), 4) for _ in range(n_s)]
        cats = ["ios", "android", "web", "car", "tv"]
        train["platform"] = rng.choices(cats[:4], weights=[5, 4, 2, 1], k=1500)
        serve["platform"] = rng.choices(cats, weights=[5, 4 - case * 0.5, 2, 1, case], k=900)
        train["hour"] = [rng.randrange(24) for _ in range(1200)]
        serve["hour"] = [min(23, int(abs(rng.gauss(20, 3)))) if case > 2 else rng.randrange(24) for _ in range(700)]
        write("random", f"{case:02d}", train, serve)


if __name__ == "__main__":
    main()
