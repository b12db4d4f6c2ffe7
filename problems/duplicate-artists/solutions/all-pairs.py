"""The rules of the reference applied to every pair of records: right, and quadratic."""

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
    names = [normalise_name(r["name"]) for r in artists]
    titles = [{normalise_title(t) for t in r["songs"]} for r in artists]
    names_with_title = defaultdict(set)
    for name, record_titles in zip(names, titles):
        for title in record_titles:
            names_with_title[title].add(name)
    generic = {title for title, under in names_with_title.items() if len(under) > GENERIC_AFTER_NAMES}
    pairs = []
    for i in range(len(artists)):
        for j in range(i + 1, len(artists)):
            if names[i] == names[j] and (titles[i] & titles[j]) - generic:
                pairs.append([artists[i]["id"], artists[j]["id"]])
    return pairs
