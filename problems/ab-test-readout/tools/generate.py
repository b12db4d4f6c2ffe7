"""Writes the tests (python3 tools/generate.py from the problem directory); answers from the reference."""

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "solutions"))
from reference import ab_test_readout  # noqa: E402


def seg(name, control, treatment):
    return {"segment": name, "control": list(control), "treatment": list(treatment)}


def write(group, name, segments, **kwargs):
    payload = {"args": [segments], "kwargs": kwargs, "expected": ab_test_readout(segments, **kwargs)}
    (HERE / "data" / group / f"{name}.json").write_text(json.dumps(payload) + "\n")


def main():
    write("examples", "01-one-segment-win", [seg("all", (1000, 10000), (1150, 10000))])
    write("examples", "02-two-platforms", [seg("ios", (300, 4000), (345, 4000)), seg("android", (420, 6000), (430, 6100))])
    write("examples", "03-no-evidence", [seg("web", (50, 1000), (52, 1000))])
    # Treatment wins in both segments, but most treatment users are on the low-converting platform.
    write("edge-cases", "01-simpson", [seg("desktop", (900, 3000), (330, 1000)), seg("mobile", (100, 1000), (330, 3000))])
    write("edge-cases", "02-no-conversions", [seg("tv", (0, 500), (0, 480))])
    write("edge-cases", "03-significant-loss", [seg("ios", (800, 5000), (690, 5000)), seg("web", (200, 2000), (180, 2000))])
    write("edge-cases", "04-stricter-alpha", [seg("all", (1000, 10000), (1090, 10000))], alpha=0.01)
    write("edge-cases", "05-one-sided-trap", [seg("all", (1000, 10000), (1075, 10000))])
    # Catches p = 0 when se is 0 but the difference is not (every user of one arm converted, none of the other):
    # the statement says the p-value is then 1 (solutions/zero-se-is-certain.py). 02-no-conversions has se 0
    # with no difference, which does not tell the two apart.
    write("edge-cases", "06-zero-se-with-a-difference", [seg("tv", (0, 500), (480, 480))])
    rng = random.Random(7)
    for case in range(1, 7):
        segments = []
        for name in ["ios", "android", "web", "car"][: rng.randint(2, 4)]:
            n_c, n_t = rng.randint(500, 20000), rng.randint(500, 20000)
            base = rng.uniform(0.02, 0.3)
            effect = rng.choice([-0.02, 0.0, 0.01, 0.03])
            segments.append(seg(name, (round(n_c * base), n_c), (round(n_t * max(0.001, base + effect)), n_t)))
        write("random", f"{case:02d}", segments)


if __name__ == "__main__":
    main()
