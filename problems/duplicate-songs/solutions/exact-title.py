# Naive: two tracks are duplicates only when their title and artist strings are identical
# character for character. Misses every case, accent, spacing, credit and tag variation.
from collections import defaultdict


def find_duplicates(tracks):
    groups = defaultdict(list)
    for track in tracks:
        groups[(track["title"], track["artist"])].append(track["track_id"])
    pairs = []
    for ids in groups.values():
        pairs.extend(zip(ids, ids[1:]))
    return pairs
