"""Writes the fidelity suite's two datasets. Deterministic: python3 tests/judgebox/sql/fidelity/generate.py

`small` is random with fixed seeds; `edge` adds the rows that split right from nearly right:
ties, NULLs, names differing only in case, Sundays and Mondays, month, year and leap-day edges.
"""

import csv
import random
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES = ["Ann", "ann", "Bob", "Chloé", "dave", "Eve", "Frank", "Gus", "Hana", "Ivo", "Jo", "Kim", "Lea", "Max"]
COUNTRIES = ["SE", "US", "BR", "DE", None]
ARTISTS = [
    (1, "ABBA", "Pop"),
    (2, "Roxette", "pop"),
    (3, "Metallica", "Rock"),
    (4, "Ghost", "rock"),
    (5, "Miles Davis", "Jazz"),
    (6, "Unknown Artist", None),
]
TITLES = [
    "Dancing Queen",
    "Waterloo - Live - 1974",
    "Joyride",
    "The Look - Remaster - 2009",
    "One",
    "Enter Sandman - Live",
    "Square Hammer",
    "Mary On A Cross - Remix - Slowed",
    "So What",
    "Blue in Green - Take 2",
    "Untitled",
    "untitled",
    "Intro",
    "Outro - Reprise",
    "Fade",
]
PLATFORMS = ["ios", "Android", "web", "iOS"]


def write(name: str, table: str, header: list[str], rows: list[list]) -> None:
    directory = HERE / "data" / name
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / f"{table}.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else ("true" if v is True else "false" if v is False else v) for v in row])


def dataset(name: str, seed: int, n_users: int, n_plays: int, extra_plays: list) -> None:
    rng = random.Random(seed)
    users = []
    for uid in range(1, n_users + 1):
        signup = date(2023, 12, 25) + timedelta(days=rng.randrange(0, 80))
        users.append(
            [uid, NAMES[(uid - 1) % len(NAMES)], COUNTRIES[uid % len(COUNTRIES)], signup.isoformat(), uid % 3 == 0]
        )
    songs = [[sid, TITLES[sid - 1], (sid - 1) % 6 + 1, 120000 + 15000 * (sid % 7)] for sid in range(1, 16)]
    plays = []
    start = datetime(2024, 2, 24, 8, 0, 0)
    for pid in range(1, n_plays + 1):
        uid = rng.randrange(1, n_users)  # the last user never plays
        at = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 12))
        at = at.replace(second=0)
        ms = rng.choice([5000, 29999, 30000, 61000, 120000, 180000, 200000])
        plays.append([pid, uid, rng.randrange(1, 16), at.strftime("%Y-%m-%d %H:%M:%S"), ms, rng.choice(PLATFORMS)])
    for offset, row in enumerate(extra_plays, n_plays + 1):
        plays.append([offset, *row])
    subscriptions = []
    for uid in range(1, n_users + 1):
        if uid % 4 == 1:
            continue
        started = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 60))
        ended = None if uid % 3 else (started + timedelta(days=rng.randrange(10, 90))).isoformat()
        subscriptions.append(
            [
                uid,
                rng.choice(["premium", "family", "Student"]),
                rng.choice(["9.99", "14.99", "4.99", "10.00"]),
                started.isoformat(),
                ended,
            ]
        )
    write(name, "users", ["user_id", "name", "country", "signup_date", "is_premium"], users)
    write(name, "artists", ["artist_id", "name", "genre"], [list(a) for a in ARTISTS])
    write(name, "songs", ["song_id", "title", "artist_id", "duration_ms"], songs)
    write(name, "plays", ["play_id", "user_id", "song_id", "played_at", "ms_played", "platform"], plays)
    write(name, "subscriptions", ["user_id", "plan", "amount", "started_on", "ended_on"], subscriptions)


EDGE_PLAYS = [
    # user, song, played_at, ms, platform: ties at one instant, a leap day, month and year edges, a streak
    [1, 1, "2024-02-29 23:59:59", 30000, "ios"],
    [1, 2, "2024-02-29 23:59:59", 30000, "ios"],
    [1, 3, "2024-03-01 00:00:00", 29999, "web"],
    [2, 4, "2023-12-31 23:30:00", 200000, "Android"],
    [2, 4, "2024-01-01 00:10:00", 200000, "Android"],
    [3, 5, "2024-03-03 12:00:00", 61000, "iOS"],
    [3, 5, "2024-03-04 12:00:00", 61000, "iOS"],
    [3, 5, "2024-03-05 12:00:00", 61000, "iOS"],
    [3, 6, "2024-03-07 12:00:00", 61000, "web"],
    [4, 7, "2024-03-10 09:00:00", None, "web"],
]

if __name__ == "__main__":
    dataset("small", 11, 12, 110, [])
    dataset("edge", 29, 9, 25, EDGE_PLAYS)
