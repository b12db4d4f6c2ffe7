"""Pair scores within one problem, after what is excluded, and where a score stands in the problem's spread.

Excluded from every comparison: the fingerprints of the problem's starter code (its own normalised form, so
filling in a starter shares nothing by that alone), and fingerprints found in more than `common_share` of the
problem's submissions once it has `common_after` of them (what every solution writes). A submission left with
fewer than `min_hashes` fingerprints is too small to compare: short solutions of one problem look alike
whoever wrote them, and it is reported as such, never scored.

`structure` is the share of the smaller submission's fingerprints found in the other (containment, so that
code added to a copy does not hide it). `style` is the same over surface features, each weighted by its rarity
(1 / the number of submissions that have it), with features of the starter and features in more than
`rare_share` of submissions left out. `score` ranks the pairs: structure first, with style as a smaller part.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations


@dataclass(frozen=True)
class Stored:
    """One submission's stored fingerprint, as compare reads it."""

    hashes: frozenset[int]
    surface: frozenset[str]


@dataclass(frozen=True)
class Settings:
    common_share: float = 0.5
    common_after: int = 10
    rare_share: float = 0.2
    min_hashes: int = 8
    style_weight: float = 0.2


@dataclass
class Corpus:
    """A problem's history, prepared once: the excluded fingerprints and how often each feature occurs."""

    excluded: frozenset[int]
    starter_surface: frozenset[str]
    surface_count: Counter[str]
    size: int
    settings: Settings = field(default_factory=Settings)

    def kept(self, item: Stored) -> frozenset[int]:
        return item.hashes - self.excluded

    def comparable(self, item: Stored) -> bool:
        return len(self.kept(item)) >= self.settings.min_hashes

    def _weight(self, feature: str) -> float:
        count = max(self.surface_count.get(feature, 1), 1)
        if feature in self.starter_surface or (self.size >= 5 and count > self.settings.rare_share * self.size):
            return 0.0
        return 1.0 / count

    def pair(self, a: Stored, b: Stored) -> PairScore | None:
        """The two submissions' scores, or None if either is too small to compare."""
        ka, kb = self.kept(a), self.kept(b)
        if min(len(ka), len(kb)) < self.settings.min_hashes:
            return None
        shared = ka & kb
        structure = len(shared) / min(len(ka), len(kb))
        wa = {f: self._weight(f) for f in a.surface}
        wb = {f: self._weight(f) for f in b.surface}
        common = [f for f in wa.keys() & wb.keys() if wa[f] > 0]
        denominator = min(sum(wa.values()), sum(wb.values()))
        style = sum(wa[f] for f in common) / denominator if denominator > 0 else 0.0
        w = self.settings.style_weight
        return PairScore(
            structure,
            min(style, 1.0),
            (1 - w) * structure + w * min(style, 1.0),
            frozenset(shared),
            tuple(sorted(common, key=lambda f: -wa[f])[:20]),
        )


@dataclass(frozen=True)
class PairScore:
    structure: float
    style: float
    score: float
    shared: frozenset[int]
    rare_style: tuple[str, ...]  # the shared surface features, rarest first


def corpus(history: Iterable[Stored], starter: Stored | None, settings: Settings | None = None) -> Corpus:
    settings = settings or Settings()
    items = list(history)
    counts: Counter[int] = Counter()
    surface: Counter[str] = Counter()
    for item in items:
        counts.update(item.hashes)
        surface.update(item.surface)
    excluded = set(starter.hashes if starter else ())
    if len(items) >= settings.common_after:
        excluded |= {h for h, n in counts.items() if n > settings.common_share * len(items)}
    return Corpus(frozenset(excluded), starter.surface if starter else frozenset(), surface, len(items), settings)


def all_pairs(corpus_: Corpus, items: Mapping[str, Stored]) -> dict[tuple[str, str], PairScore]:
    out = {}
    for a, b in combinations(sorted(items), 2):
        scored = corpus_.pair(items[a], items[b])
        if scored is not None:
            out[(a, b)] = scored
    return out


def percentile(distribution: list[float], value: float) -> float:
    """The share of the problem's pairs (sorted ascending) that score no higher than this one, as 0-100: the
    highest pair is at 100, whatever the number of pairs."""
    if not distribution:
        return 0.0
    return round(100.0 * bisect.bisect_right(distribution, value) / len(distribution), 1)


def clusters(pairs: Iterable[tuple[str, str]], minimum: int = 3) -> list[list[str]]:
    """Groups of `minimum` or more linked by flagged pairs (connected components)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return sorted((sorted(g) for g in groups.values() if len(g) >= minimum), key=lambda g: (-len(g), g))
