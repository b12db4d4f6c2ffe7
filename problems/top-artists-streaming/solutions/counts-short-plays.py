"""Counts every play, including those under 30 seconds, which are not streams."""

from collections import Counter, defaultdict


def top_artists(events, k):
    counts = defaultdict(Counter)
    for _user, country, artist, _ms in events:
        counts[country][artist] += 1
    return {country: [[a, n] for a, n in sorted(c.items(), key=lambda item: (-item[1], item[0]))[:k]]
            for country, c in counts.items()}
