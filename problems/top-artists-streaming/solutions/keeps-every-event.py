"""Right answer, but it keeps every event in a list and sorts it: the large stream does not fit in memory."""

from itertools import groupby

QUALIFYING_MS = 30_000


def top_artists(events, k):
    plays = sorted((country, artist) for _user, country, artist, ms in events if ms >= QUALIFYING_MS)
    result = {}
    for country, rows in groupby(plays, key=lambda row: row[0]):
        counts = {}
        for _country, artist in rows:
            counts[artist] = counts.get(artist, 0) + 1
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        result[country] = [[artist, n] for artist, n in ranked[:k]]
    return result
