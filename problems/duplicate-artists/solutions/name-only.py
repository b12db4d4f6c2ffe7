"""Normalises names well, then trusts the name alone: two bands called Ghost become one."""

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
    blocks = defaultdict(list)
    for record in artists:
        blocks[normalise_name(record["name"])].append(record["id"])
    return [[ids[0], other] for ids in blocks.values() for other in ids[1:]]
