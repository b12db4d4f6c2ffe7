# Naive: trusts ISRCs alone. Every duplicate whose listings lack an ISRC is missed.
from collections import defaultdict


def find_duplicates(tracks):
    groups = defaultdict(list)
    for track in tracks:
        if track["isrc"]:
            groups[track["isrc"]].append(track["track_id"])
    pairs = []
    for ids in groups.values():
        pairs.extend(zip(ids, ids[1:]))
    return pairs
