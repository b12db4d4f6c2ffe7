"""Lists every country seen, with an empty list for one that has no stream."""

import heapq
from collections import defaultdict

QUALIFYING_MS = 30_000


def top_artists(events, k):
    counts = defaultdict(lambda: defaultdict(int))
    for _user, country, artist, ms_played in events:
        per_country = counts[country]
        if ms_played >= QUALIFYING_MS:
            per_country[artist] += 1
    return {country: [[artist, plays] for artist, plays in
                      heapq.nsmallest(k, per_artist.items(), key=lambda item: (-item[1], item[0]))]
            for country, per_artist in counts.items()}
