"""A submission's fingerprint: what is stored per submission, and the one entry point for both languages."""

from __future__ import annotations

from dataclasses import dataclass

from judge.similarity import python, sql
from judge.similarity.tokens import Normalised
from judge.similarity.winnow import kgrams, winnow

VERSION = 3  # of the normalisation: a stored fingerprint of another version is made again, never compared
MAX_SOURCE_CHARS = 65_536  # what is fingerprinted of a source; the rest is ignored, as it is by no judge
# What is kept of a source's hashes: the smallest ones, the same sample for every source (a bottom-k sketch), so
# that a report's memory is bounded whatever was submitted. The bank's largest reference has 221.
MAX_STORED_HASHES = 1000


@dataclass(frozen=True)
class Context:
    """What the problem contributes: its schema (SQL) and the names its starter defines (Python)."""

    language: str
    schema: dict[str, dict[str, str]]
    entries: frozenset[str]


@dataclass(frozen=True)
class Fingerprint:
    hashes: dict[int, tuple[int, int]]  # hash -> lines (first, last) in `shown`
    surface: frozenset[str]
    tokens: int
    parsed: bool
    shown: str

    def stored(self) -> dict[str, object]:
        """The JSON kept per submission (lines are made again for the side-by-side view, from the sources)."""
        return {
            "version": VERSION,
            "hashes": sorted(self.hashes)[:MAX_STORED_HASHES],
            "surface": sorted(self.surface)[:2000],
            "tokens": self.tokens,
            "parsed": self.parsed,
        }


def normalise(source: str, dialect: str | None, context: Context, parse: bool = True) -> Normalised:
    """The source as the fingerprinter sees it; `parse=False` skips the parse (raw tokens, linear time)."""
    source = source[:MAX_SOURCE_CHARS]
    if context.language == "sql":
        if not parse:
            return sql.unparsed(source, dialect or "duckdb", context.schema)
        return sql.normalise(source, dialect or "duckdb", context.schema)
    return python.normalise(source, context.entries) if parse else python.unparsed(source)


def fingerprint(source: str, dialect: str | None, context: Context, parse: bool = True) -> Fingerprint:
    norm = normalise(source, dialect, context, parse)
    return Fingerprint(winnow(kgrams(norm.tokens)), norm.surface, len(norm.tokens), norm.parsed, norm.shown)
