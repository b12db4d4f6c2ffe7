"""Writes the datasets of the `larger` group of top-artists-by-country.

    python3 problems/top-artists-by-country/tools/generate.py

Each country has its own taste: artist popularity is a skewed distribution
whose order is shuffled per country, so the top three differ between
countries. About a quarter of streams are skips under 30 seconds, a few last
exactly 30000 ms, some users have no country, and several artists share a
name with another artist. The second dataset spreads few streams over many
small countries, so ties (at rank 3 too) are common, and adds a few "rare"
countries with a single listener and a handful of streams, so some countries
have fewer than three ranked artists, or none at all.

The output is fully determined by the seeds; rerunning rewrites the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "larger"
COUNTRIES = ["US", "GB", "DE", "FR", "BR", "MX", "IN", "JP", "KR", "NG", "ZA", "AR", "CO", "ES", "IT", "PL",
             "SE", "NO", "FI", "NL", "BE", "PT", "TR", "EG", "KE", "PH", "ID", "VN", "TH", "AU"]
FIRST = ["Velvet", "Paper", "Silver", "Midnight", "Hollow", "Golden", "Electric", "Quiet", "Wild", "Broken",
         "Crimson", "Lunar", "Static", "Amber", "Glass", "Northern"]
SECOND = ["Echo", "Harbor", "Satellite", "Foxes", "Parade", "Machines", "Tides", "Kites", "Orchard", "Signal",
          "Ravens", "Embers", "Lanterns", "Rivers", "Saints", "Giants"]
WORDS = ["love", "night", "fire", "road", "heart", "sky", "rain", "gold", "home", "light", "dream", "city"]


def artist_names(rng: random.Random, count: int, shared: int) -> list[str]:
    pool = [f"{a} {b}" for a in FIRST for b in SECOND]
    rng.shuffle(pool)
    names = pool[:count]
    # The last `shared` artists reuse the name of an earlier one.
    for i in range(count - shared, count):
        names[i] = names[rng.randrange(count - shared)]
    return names


def ms_played(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.25:
        return rng.randint(0, 29999)
    if roll < 0.28:
        return 30000
    if roll < 0.30:
        return rng.choice([29999, 30001])
    return rng.randint(30001, 420000)


def generate(seed: int, n_countries: int, n_users: int, null_share: float, n_artists: int, shared_names: int,
             n_streams: int, skew: float, start: dt.datetime, days: int, rare_countries: tuple[str, ...] = ()):
    rng = random.Random(seed)
    countries = COUNTRIES[:n_countries]
    country_weight = [1.0 / (i + 1) ** 0.7 for i in range(n_countries)]

    users = []
    for user_id in range(1, n_users + 1):
        country = None if rng.random() < null_share else rng.choices(countries, country_weight)[0]
        users.append([user_id, country])

    names = artist_names(rng, n_artists, shared_names)
    artists = [[100 + i, names[i]] for i in range(n_artists)]
    tracks = []
    tracks_of = {}
    for artist_id, _ in artists:
        for _ in range(rng.randint(1, 5)):
            track_id = 1000 + len(tracks)
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))).capitalize()
            tracks.append([track_id, artist_id, title])
            tracks_of.setdefault(artist_id, []).append(track_id)

    # Per-country taste: a shuffled order of artists with Zipf-like weights.
    popularity = [1.0 / (rank + 1) ** skew for rank in range(n_artists)]
    taste = {}
    for country in countries + [None]:
        order = [a[0] for a in artists]
        rng.shuffle(order)
        taste[country] = (order, popularity)

    activity = [rng.choice([0, 1, 1, 2, 3, 5, 8]) for _ in users]
    streams = []
    for _ in range(n_streams):
        user_id, country = rng.choices(users, activity)[0]
        order, weights = taste[country]
        artist_id = rng.choices(order, weights)[0]
        track_id = rng.choice(tracks_of[artist_id])
        moment = start + dt.timedelta(seconds=rng.randrange(days * 86400))
        streams.append([user_id, track_id, moment, ms_played(rng)])
    # Rare countries: one listener each, one to four streams of random artists.
    for country in rare_countries:
        user_id = len(users) + 1
        users.append([user_id, country])
        for _ in range(rng.randint(1, 4)):
            track_id = rng.choice(tracks)[0]
            moment = start + dt.timedelta(seconds=rng.randrange(days * 86400))
            streams.append([user_id, track_id, moment, rng.choice([5000, 29999, 30000, 185000, 240000])])
    streams.sort(key=lambda s: (s[2], s[0], s[1], s[3]))
    order = list(range(len(streams)))
    rng.shuffle(order)
    stream_rows = []
    for stream_id, index in enumerate(order, start=1):
        user_id, track_id, moment, ms = streams[index]
        stream_rows.append([stream_id, user_id, track_id, moment.isoformat(sep=" "), ms])
    return users, artists, tracks, stream_rows


def write(case: str, users, artists, tracks, streams) -> None:
    directory = OUT / case
    directory.mkdir(parents=True, exist_ok=True)
    tables = [("users", ["user_id", "country"], users),
              ("artists", ["artist_id", "name"], artists),
              ("tracks", ["track_id", "artist_id", "title"], tracks),
              ("streams", ["stream_id", "user_id", "track_id", "streamed_at", "ms_played"], streams)]
    for name, header, rows in tables:
        with (directory / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            # None becomes an unquoted empty field, which loads as NULL.
            writer.writerows([["" if v is None else v for v in row] for row in rows])


def main() -> None:
    write("01-ten-countries", *generate(seed=7301, n_countries=10, n_users=450, null_share=0.08, n_artists=60,
                                        shared_names=6, n_streams=5000, skew=1.1,
                                        start=dt.datetime(2024, 9, 1), days=30))
    write("02-many-small-countries", *generate(seed=7302, n_countries=30, n_users=260, null_share=0.12,
                                               n_artists=40, shared_names=5, n_streams=2500, skew=0.9,
                                               start=dt.datetime(2024, 10, 1), days=14,
                                               rare_countries=("IS", "LU", "MT", "CY", "EE", "LV", "LT", "SI")))


if __name__ == "__main__":
    main()
