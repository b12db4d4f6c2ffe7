"""Winnowed k-gram fingerprints (Schleimer, Wilkerson and Aiken, 2003) with a stable hash.

The hash is the first 8 bytes of BLAKE2b over the k-gram's tokens, as a signed 64-bit integer (a PostgreSQL
BIGINT): the same on every machine and in every process, which Python's salted hash() is not, so fingerprints
stored today still match a submission fingerprinted next year.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from judge.similarity.tokens import Token

K = 10  # tokens in a k-gram: matches shorter than this are never found (the noise threshold)
WINDOW = 4  # k-grams per window: any match of K + WINDOW - 1 tokens or more is always found


def stable_hash(texts: Sequence[str]) -> int:
    digest = hashlib.blake2b("\x1f".join(texts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def kgrams(tokens: Sequence[Token], k: int = K) -> list[tuple[int, int, int]]:
    """(hash, first line, last line) of every k-gram; a stream shorter than k is one k-gram of itself."""
    if not tokens:
        return []
    if len(tokens) < k:
        return [(stable_hash([t.text for t in tokens]), tokens[0].line, tokens[-1].line)]
    texts = [t.text for t in tokens]
    out = []
    for i in range(len(tokens) - k + 1):
        lines = [t.line for t in tokens[i : i + k]]
        out.append((stable_hash(texts[i : i + k]), min(lines), max(lines)))
    return out


def winnow(grams: Sequence[tuple[int, int, int]], window: int = WINDOW) -> dict[int, tuple[int, int]]:
    """The selected fingerprints: hash -> (first line, last line) of its first selected occurrence.

    Robust winnowing: in each window the minimum hash, the rightmost on ties, recorded once per run of windows
    that share it.
    """
    selected: dict[int, tuple[int, int]] = {}
    if len(grams) <= window:
        for h, first, last in grams:
            selected.setdefault(h, (first, last))
        return selected
    previous = -1
    for start in range(len(grams) - window + 1):
        best = start
        for i in range(start, start + window):
            if grams[i][0] <= grams[best][0]:
                best = i
        if best != previous:
            h, first, last = grams[best]
            selected.setdefault(h, (first, last))
            previous = best
    return selected
