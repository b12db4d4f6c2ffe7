"""Writes the datasets of the `larger` group of third-unique-song.

    python3 problems/third-unique-song/tools/generate.py

Plays are simulated as listening sessions: a user mostly replays a few
favourite songs and now and then discovers a new one, so repeated plays and
replays of old songs before a new one are the norm. Sessions may start late
in the evening and run past midnight. The second dataset stores times to the
minute only and has "offline" sessions whose plays were all synced with one
timestamp, so different songs often share a first-play time.

The output is fully determined by the seeds; rerunning rewrites the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "larger"
COUNTRIES = ["US", "GB", "DE", "FR", "BR", "IN", "JP", "MX", "NG", "SE", "KR", "AU"]
SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "su", "vi", "an", "el", "no", "pa", "ju", "ri", "so", "de", "ma"]


def name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def generate(seed: int, n_users: int, n_songs: int, target_plays: int, start: dt.datetime, days: int,
             minute_resolution: bool, offline_share: float) -> tuple[list, list]:
    rng = random.Random(seed)
    users = []
    for user_id in range(1, n_users + 1):
        signup = (start - dt.timedelta(days=rng.randint(1, 400))).date()
        users.append([user_id, name(rng), rng.choice(COUNTRIES), signup.isoformat()])

    # Song popularity is skewed so that users share songs and replay them.
    weights = [1.0 / (rank ** 0.8) for rank in range(1, n_songs + 1)]
    song_ids = [1000 + i for i in range(n_songs)]

    # About a tenth of users never play anything; the others get an activity level.
    activity = {u[0]: (0.0 if rng.random() < 0.1 else rng.choice([0.3, 1.0, 1.0, 2.0, 4.0])) for u in users}
    total_activity = sum(activity.values())

    plays = []
    for user_id, level in activity.items():
        budget = round(target_plays * level / total_activity)
        if budget == 0:
            continue
        favourites = []
        while budget > 0:
            session_start = start + dt.timedelta(days=rng.randrange(days),
                                                 hours=rng.choice([7, 8, 12, 17, 18, 20, 21, 22, 23, 23]),
                                                 minutes=rng.randrange(60), seconds=rng.randrange(60))
            offline = rng.random() < offline_share
            length = min(budget, rng.randint(1, 8))
            moment = session_start
            for _ in range(length):
                if not favourites or rng.random() < 0.35:
                    song = rng.choices(song_ids, weights)[0]
                    if song not in favourites:
                        favourites.append(song)
                else:
                    song = rng.choice(favourites[-6:])
                if not offline:
                    moment += dt.timedelta(seconds=rng.randint(90, 300))
                stamp = moment.replace(second=0) if minute_resolution else moment
                plays.append([user_id, song, stamp])
            budget -= length

    plays.sort(key=lambda p: (p[2], p[0], p[1]))
    # Shuffle the file order so that nothing can rely on the physical row order.
    order = list(range(len(plays)))
    rng.shuffle(order)
    rows = []
    for play_id, index in enumerate(order, start=1):
        user_id, song, stamp = plays[index]
        rows.append([play_id, user_id, song, stamp.isoformat(sep=" ")])
    return users, rows


def write(case: str, users: list, plays: list) -> None:
    directory = OUT / case
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "users.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["user_id", "name", "country", "signup_date"])
        writer.writerows(users)
    with (directory / "song_plays.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["play_id", "user_id", "song_id", "played_at"])
        writer.writerows(plays)


def main() -> None:
    write("01-sessions", *generate(seed=20240601, n_users=400, n_songs=250, target_plays=5000,
                                   start=dt.datetime(2024, 1, 1), days=90,
                                   minute_resolution=False, offline_share=0.0))
    write("02-coarse-times", *generate(seed=20240602, n_users=350, n_songs=120, target_plays=4000,
                                       start=dt.datetime(2024, 12, 1), days=45,
                                       minute_resolution=True, offline_share=0.25))


if __name__ == "__main__":
    main()
