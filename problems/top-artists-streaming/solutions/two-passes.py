"""Reads the stream twice (once to find the countries, once to count): the second pass sees nothing."""

from collections import Counter


def top_artists(events, k):
    countries = sorted({country for _user, country, _artist, _ms in events})
    result = {}
    for country in countries:
        c = Counter(artist for _u, cc, artist, ms in events if cc == country and ms >= 30_000)
        if c:
            result[country] = [[a, n] for a, n in sorted(c.items(), key=lambda item: (-item[1], item[0]))[:k]]
    return result
