# Wrong: normalises case, accents, punctuation and spacing, but never removes feat. credits or
# remaster tags from titles and compares whole artist strings, so most credited or remastered
# listings are not matched with their originals.
import unicodedata
from collections import defaultdict


def norm(text):
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def find_duplicates(tracks):
    pairs = []
    by_isrc = defaultdict(list)
    by_key = defaultdict(list)
    for t in tracks:
        if t["isrc"] is not None:
            by_isrc[t["isrc"]].append(t["track_id"])
        by_key[(norm(t["title"]), norm(t["artist"]))].append((t["duration_ms"], t["track_id"], t["isrc"]))
    for ids in by_isrc.values():
        pairs.extend(zip(ids, ids[1:]))
    for bucket in by_key.values():
        bucket.sort()
        for i, (d, a, isrc_a) in enumerate(bucket):
            for d2, b, isrc_b in bucket[i + 1:]:
                if d2 - d > 3000:
                    break
                if isrc_a is None or isrc_b is None:
                    pairs.append((a, b))
    return pairs
