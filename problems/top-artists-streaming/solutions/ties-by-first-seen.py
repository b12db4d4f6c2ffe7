"""Breaks ties by which artist was seen first (Counter.most_common), not by the smaller artist id."""

from collections import Counter, defaultdict


def top_artists(events, k):
    counts = defaultdict(Counter)
    for _user, country, artist, ms in events:
        if ms >= 30_000:
            counts[country][artist] += 1
    return {country: [[a, n] for a, n in c.most_common(k)] for country, c in counts.items()}
