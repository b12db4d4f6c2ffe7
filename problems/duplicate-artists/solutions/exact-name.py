"""Pairs records whose names are exactly equal: misses every other spelling, and merges namesakes."""

from collections import defaultdict


def find_duplicates(artists):
    by_name = defaultdict(list)
    for record in artists:
        by_name[record["name"]].append(record["id"])
    return [[ids[0], other] for ids in by_name.values() for other in ids[1:]]
