"""What a language's normaliser hands the fingerprinter: a stream of tokens, each with the line it stands for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    text: str
    line: int  # 1-based, in the text the reviewer is shown for this stream


@dataclass(frozen=True)
class Normalised:
    """One source as the fingerprinter sees it.

    `tokens` is the structure channel; `shown` is the text whose lines the tokens' lines count (the normalised
    SQL, or the source itself for Python); `surface` is the set of surface-style features (names, comments,
    literal spellings, layout) for the second channel; `parsed` says whether the structure came from a parse
    or from a fallback over raw tokens (a source that does not parse).
    """

    tokens: tuple[Token, ...]
    shown: str
    surface: frozenset[str]
    parsed: bool
