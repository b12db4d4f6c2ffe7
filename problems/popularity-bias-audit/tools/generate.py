"""Writes the tests (python3 tools/generate.py from the problem directory); answers from the reference."""

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "solutions"))
from reference import popularity_audit  # noqa: E402


def write(group, name, recommendations, popularity):
    payload = {"args": [recommendations, popularity], "expected": popularity_audit(recommendations, popularity)}
    (HERE / "data" / group / f"{name}.json").write_text(json.dumps(payload) + "\n")


POP = {"t1": 500, "t2": 300, "t3": 100, "t4": 50, "t5": 30, "t6": 20}


def main():
    write("examples", "01-all-head", {"u1": ["t1", "t2"]}, POP)
    write("examples", "02-mixed", {"u1": ["t1", "t3", "t6"], "u2": ["t5", "t1"]}, POP)
    write("examples", "03-long-tail", {"u1": ["t6", "t5", "t4"], "u2": ["t6"]}, POP)
    write("edge-cases", "01-ties-by-id", {"u": ["b", "a"]}, {"a": 10, "b": 10, "c": 10, "d": 10})
    write("edge-cases", "02-exact-half", {"u": ["x", "y", "z"]}, {"x": 50, "y": 30, "z": 20})
    write("edge-cases", "03-single-user-long-list", {"u": [f"t{i}" for i in range(1, 7)]}, POP)
    write("edge-cases", "04-uniform-exposure", {"u1": ["t1"], "u2": ["t2"], "u3": ["t3"], "u4": ["t4"], "u5": ["t5"], "u6": ["t6"]}, POP)
    write("edge-cases", "05-one-track-everywhere", {f"u{i}": ["t4"] for i in range(5)}, POP)
    # Catches ordering equal plays as they come instead of by track id: the catalogue lists them backwards.
    write("edge-cases", "06-ties-listed-backwards", {"u": ["c", "b"]}, {"d": 10, "c": 10, "b": 10, "a": 10})
    # Catches an off-by-one in `before` (or <= for <): b has 49 of 100 plays above it, so it is head.
    write("edge-cases", "07-just-under-half", {"u": ["b", "c"]}, {"a": 49, "b": 30, "c": 21})
    # Catches a division by zero exposure: nothing recommended gives shares of 0 and a Gini of 0.
    write("edge-cases", "08-nothing-recommended", {"u1": [], "u2": []}, POP)
    # Catches treating a total exposure of exactly 1 as none: one recommendation among six tracks, G = 5/6.
    write("edge-cases", "09-one-recommendation", {"u": ["t3"]}, POP)
    # Catches a running float of p / P: ten tracks of equal plays, and the ninth has exactly 0.8 above it, so it
    # is tail; 0.1 added eight times is 0.7999999999999999, which would make it torso.
    ten = {t: 10 for t in "abcdefghij"}
    write("edge-cases", "10-ten-equal-tracks", {"u": ["i", "j"], "v": ["i"]}, ten)
    # The same on plays that are not all equal: 0.8 is reached exactly by 3 + 5 of 10 (floats: 0.3 + 0.5 = 0.8,
    # but 0.7 + 0.1 = 0.7999999999999999): a above 70, b 10, c the boundary.
    write("edge-cases", "11-boundary-by-sums", {"u": ["c", "d"]}, {"a": 70, "b": 10, "c": 10, "d": 10})
    rng = random.Random(8)
    for case in range(1, 4):
        tracks = [f"s{i:04d}" for i in range(2000)]
        popularity = {t: int(100000 / (rank + 1) ** rng.uniform(0.8, 1.2)) + 1 for rank, t in enumerate(tracks)}
        weights = [1 / (i + 1) ** (0.5 * case) for i in range(len(tracks))]
        recs = {f"u{u}": list(dict.fromkeys(rng.choices(tracks, weights=weights, k=25)))[:20] for u in range(300)}
        write("random", f"{case:02d}", recs, popularity)


if __name__ == "__main__":
    main()
