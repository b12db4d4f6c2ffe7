# Wrong: keeps only the title before the first bracket or " - ", which drops the feat. credits
# and remaster tags as intended, but also the Live/Remix/Acoustic/Instrumental/Demo markers,
# so versions collapse onto the original recording.
import re
import unicodedata
from collections import defaultdict


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def clean(text):
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def title_key(title):
    text = re.split(r"[(\[]|\s-\s|\b(?:feat|ft|featuring)\b", fold(title))[0]
    return clean(text)


def primary_artist(artist):
    return clean(re.split(r"[,&]|\b(?:feat|ft|featuring)\b", fold(artist))[0])


def find_duplicates(tracks):
    pairs = []
    by_isrc = defaultdict(list)
    by_key = defaultdict(list)
    for t in tracks:
        if t["isrc"] is not None:
            by_isrc[t["isrc"]].append(t["track_id"])
        by_key[(title_key(t["title"]), primary_artist(t["artist"]))].append((t["duration_ms"], t["track_id"], t["isrc"]))
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
