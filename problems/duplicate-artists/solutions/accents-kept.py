"""Compares names with their accents: "Dévi Lo" and "Devi Lo" stay apart."""

import re
import unicodedata
from collections import defaultdict

_FEATURING = re.compile(r"\s+(feat\.?|ft\.?|featuring)\s.*$")
_NOT_WORD = re.compile(r"[^\w ]+")
GENERIC_AFTER_NAMES = 3


def normalise_name(name):
    text = unicodedata.normalize("NFC", name).lower().strip()
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
        blocks[normalise_name(record["name"])].append(record)
    # A title under many different names ("Intro", "Outro") is no evidence of anything.
    names_with_title = defaultdict(set)
    for name, records in blocks.items():
        for record in records:
            for title in record["songs"]:
                names_with_title[normalise_title(title)].add(name)
    pairs = []
    for records in blocks.values():
        first_with_song = {}
        for record in records:
            for title in {normalise_title(t) for t in record["songs"]}:
                if len(names_with_title[title]) > GENERIC_AFTER_NAMES:
                    continue
                if title in first_with_song:
                    pairs.append([first_with_song[title], record["id"]])
                else:
                    first_with_song[title] = record["id"]
    return pairs
