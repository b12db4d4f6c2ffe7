"""Splits words on spaces and matches them with regard to case: a key word capitalised on one side only
is missed."""

import math
import re
from collections import Counter

K1, B = 1.2, 0.75
_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text):
    return text.split()


def passes(episode, filters):
    return (episode["language"] == filters["language"]
            and episode["duration_min"] <= filters.get("max_duration_min", float("inf"))
            and episode["show"] == filters.get("show", episode["show"]))


def search(episodes, queries):
    documents = {e["id"]: Counter(tokens(e["title"] + " " + e["description"])) for e in episodes}
    lengths = {i: sum(c.values()) for i, c in documents.items()}
    average = sum(lengths.values()) / len(lengths)
    frequency = Counter(term for counts in documents.values() for term in counts)
    n = len(documents)
    idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}
    results = {}
    for query in queries:
        terms = tokens(query["text"])
        scored = []
        for episode in episodes:
            if not passes(episode, query["filters"]):
                continue
            counts, length = documents[episode["id"]], lengths[episode["id"]]
            score = sum(idf.get(t, 0.0) * counts[t] * (K1 + 1) / (counts[t] + K1 * (1 - B + B * length / average))
                        for t in terms if t in counts)
            if score > 0:
                scored.append((-score, episode["id"]))
        results[query["id"]] = [i for _, i in sorted(scored)[:10]]
    return results
