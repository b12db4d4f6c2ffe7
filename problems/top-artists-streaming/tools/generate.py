"""Writes the tests. Small ones carry their events; large ones a recipe for generators.py.

Run from the problem directory: python3 tools/generate.py
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "solutions"))

from generators import play_events  # noqa: E402
from reference import top_artists  # noqa: E402

EXAMPLES = {
    "01": ([[1, "SE", 10, 200000], [2, "SE", 10, 31000], [3, "SE", 11, 45000], [1, "US", 12, 90000],
            [4, "US", 12, 30000], [5, "SE", 13, 29999], [6, "US", 14, 1000]], 2),
    "02": ([[1, "SE", 3, 60000], [1, "SE", 3, 60000], [2, "SE", 4, 60000], [3, "US", 5, 60000],
            [3, "US", 6, 10], [4, "DE", 7, 29999]], 1),
    "03": ([[1, "BR", 3, 40000], [2, "BR", 2, 40000], [3, "BR", 1, 40000], [4, "BR", 4, 40000],
            [5, "BR", 5, 1]], 3),
}
EDGE = {
    # Ties: artist 9 is seen first, artist 2 has the smaller id.
    "01-ties": ([[1, "SE", 9, 50000], [2, "SE", 9, 50000], [3, "SE", 2, 50000], [4, "SE", 2, 50000],
                 [5, "SE", 5, 50000]], 1),
    "02-boundary": ([[1, "US", 1, 30000], [2, "US", 2, 29999], [3, "US", 2, 29999], [4, "US", 3, 30001]], 5),
    "03-all-short": ([[1, "JP", 1, 5], [2, "JP", 2, 29999], [3, "MX", 4, 30000]], 2),
    "04-empty": ([], 3),
    "05-k-larger": ([[1, "IN", 4, 99999], [2, "IN", 4, 99999], [3, "IN", 8, 99999]], 10),
    "06-many-ties": ([[u, "GB", a, 60000] for u, a in enumerate([7, 3, 5, 3, 7, 5, 1, 9, 1, 9, 2])], 3),
}
LARGE = {"01": {"n": 1_500_000, "seed": 20261122}, "02": {"n": 2_000_000, "seed": 7, "artists": 800}}



def main() -> None:
    for group, tests in (("examples", EXAMPLES), ("edge-cases", EDGE)):
        for name, (events, k) in tests.items():
            expected = top_artists(iter([tuple(e) for e in events]), k)
            payload = {"args": [{"$generate": {"function": "stream", "kwargs": {"events": events}}}, k],
                       "expected": expected}
            (HERE / "data" / group / f"{name}.json").write_text(json.dumps(payload) + "\n")
    for name, kwargs in LARGE.items():
        k = 5
        expected = top_artists(play_events(**kwargs), k)
        payload = {"args": [{"$generate": {"function": "play_events", "kwargs": kwargs}}, k], "expected": expected}
        (HERE / "data" / "large" / f"{name}.json").write_text(json.dumps(payload) + "\n")


if __name__ == "__main__":
    main()
