"""Lists k + 1 artists per country."""

import heapq
from collections import defaultdict

QUALIFYING_MS = 30_000


def top_artists(events, k):
    counts = defaultdict(lambda: defaultdict(int))
    for _user, country, artist, ms_played in events:
        if ms_played >= QUALIFYING_MS:
            counts[country][artist] += 1
    return {country: [[artist, plays] for artist, plays in
                      heapq.nsmallest(k + 1, per_artist.items(), key=lambda item: (-item[1], item[0]))]
            for country, per_artist in counts.items()}
