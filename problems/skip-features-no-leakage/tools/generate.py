"""Writes the tests (python3 tools/generate.py from the problem directory); answers from the reference."""

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "solutions"))
from reference import skip_features  # noqa: E402


def ev(event_id, user_id, ts, ms_played, duration_ms=200000):
    return {"event_id": event_id, "user_id": user_id, "ts": ts, "ms_played": ms_played, "duration_ms": duration_ms}


def write(group, name, events):
    payload = {"args": [events], "expected": skip_features(events)}
    (HERE / "data" / group / f"{name}.json").write_text(json.dumps(payload) + "\n")


def main():
    write("examples", "01-one-session", [ev(1, "u1", 0, 200000), ev(2, "u1", 200, 10000), ev(3, "u1", 215, 5000, 100000),
                                         ev(4, "u1", 230, 180000)])
    write("examples", "02-two-sessions", [ev(10, "u2", 1000, 5000), ev(11, "u2", 1100, 150000, 150000),
                                          ev(12, "u2", 5000, 20000), ev(13, "u2", 5020, 90000)])
    write("examples", "03-two-users", [ev(21, "a", 50, 1000), ev(22, "b", 60, 60000), ev(23, "a", 70, 40000),
                                       ev(24, "b", 80, 2000)])
    # Out of order: the future event comes first in the input.
    write("edge-cases", "01-unsorted", [ev(5, "u", 300, 200000), ev(3, "u", 100, 1000), ev(4, "u", 200, 25000)])
    # Same second: event_id decides the order.
    write("edge-cases", "02-same-second", [ev(9, "u", 100, 1000), ev(8, "u", 100, 200000), ev(10, "u", 130, 50000)])
    # Exactly 1800 s is the same session; 1801 s is a new one.
    write("edge-cases", "03-gap-boundary", [ev(1, "u", 0, 1000), ev(2, "u", 1800, 5000), ev(3, "u", 3601, 100000),
                                            ev(4, "u", 3700, 100000)])
    write("edge-cases", "04-skip-just-below", [ev(1, "u", 0, 29999), ev(2, "u", 10, 30000), ev(3, "u", 20, 100)])
    write("edge-cases", "05-skips-carry-across-sessions", [ev(1, "u", 0, 100), ev(2, "u", 9000, 200000),
                                                           ev(3, "u", 9100, 300)])
    rng = random.Random(17)
    for case in range(1, 4):
        events, next_id = [], 1
        for user in range(40):
            ts = rng.randint(0, 10000)
            for _ in range(rng.randint(1, 40)):
                ts += rng.choice([0, 5, 30, 120, 200, 1800, 1801, 4000])
                duration = rng.choice([120000, 180000, 240000])
                ms = rng.choice([1000, 15000, 29999, 30000, duration // 2, duration])
                events.append(ev(next_id, f"user{user}", ts, ms, duration))
                next_id += 1
        rng.shuffle(events)
        write("random", f"{case:02d}", events)


if __name__ == "__main__":
    main()
