# Right rules, wrong algorithm: every pair of tracks is compared, O(n^2). Fine on a few
# thousand tracks, far too slow on tens of thousands.
import re
import unicodedata

FEAT = re.compile(r"\b(?:feat|ft|featuring)\b")
REMASTER = re.compile(r"(?:\d{4} )?remaster(?:ed)?(?: \d{4})?")
BRACKETED = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def clean(text):
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def dropped(text):
    words = clean(text)
    return bool(FEAT.match(words)) or REMASTER.fullmatch(words) is not None


def title_key(title):
    text = fold(title)
    text = BRACKETED.sub(lambda m: " " if dropped(m.group(1) or m.group(2) or "") else m.group(0), text)
    first, *rest = re.split(r"\s-\s", text)
    text = " - ".join([first] + [part for part in rest if not dropped(part)])
    credit = FEAT.search(text)
    return clean(text[: credit.start()] if credit else text)


def primary_artist(artist):
    text = fold(artist)
    cut = len(text)
    for match in (re.search(r"[,&]", text), FEAT.search(text)):
        if match:
            cut = min(cut, match.start())
    return clean(text[:cut])


def find_duplicates(tracks):
    rows = [(t["track_id"], t["isrc"], title_key(t["title"]) + "\x00" + primary_artist(t["artist"]),
             t["duration_ms"]) for t in tracks]
    pairs = []
    for i in range(len(rows)):
        id_a, isrc_a, key_a, dur_a = rows[i]
        for j in range(i + 1, len(rows)):
            id_b, isrc_b, key_b, dur_b = rows[j]
            if isrc_a is not None and isrc_b is not None:
                if isrc_a == isrc_b:
                    pairs.append((id_a, id_b))
            elif key_a == key_b and abs(dur_a - dur_b) <= 3000:
                pairs.append((id_a, id_b))
    return pairs
