"""Links records that share any song title, whatever their names: "Intro" joins strangers."""

import re
import unicodedata
from collections import defaultdict

_FEATURING = re.compile(r"\s+(feat\.?|ft\.?|featuring)\s.*$")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
GENERIC_AFTER_NAMES = 3


def normalise_name(name):
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    text = _FEATURING.sub("", text)
    text = text.replace("&", " and ")
    if text.endswith(", the"):
        text = text[: -len(", the")]
    text = _NOT_WORD.sub(" ", text)
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def normalise_title(title):
    return " ".join(_NOT_WORD.sub(" ", unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()).split())


def find_duplicates(artists):
    first_with_song, pairs = {}, []
    for record in artists:
        for title in {normalise_title(t) for t in record["songs"]}:
            if title in first_with_song:
                pairs.append([first_with_song[title], record["id"]])
            else:
                first_with_song[title] = record["id"]
    return pairs
