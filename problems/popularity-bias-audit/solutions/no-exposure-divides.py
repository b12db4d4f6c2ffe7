"""Divides by the total exposure even when nothing was recommended."""

import math
from collections import defaultdict


def _tiers(popularity):
    total = sum(popularity.values())
    tiers, before = {}, 0
    for track, plays in sorted(popularity.items(), key=lambda item: (-item[1], item[0])):
        share_before = before / total if total else 1.0
        tiers[track] = "head" if share_before < 0.5 else "torso" if share_before < 0.8 else "tail"
        before += plays
    return tiers


def _gini(values):
    values = sorted(values)
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return 0.0
    return sum((2 * i - n - 1) * x for i, x in enumerate(values, start=1)) / (n * total)


def popularity_audit(recommendations, popularity):
    tiers = _tiers(popularity)
    exposure = defaultdict(float)
    for ranked in recommendations.values():
        for rank, track in enumerate(ranked, start=1):
            exposure[track] += 1 / math.log2(rank + 1)
    total = sum(exposure.values())
    shares = {"head": 0.0, "torso": 0.0, "tail": 0.0}
    for track in tiers:
        shares[tiers[track]] += exposure.get(track, 0.0) / total
    return {"shares": shares, "gini": _gini([exposure.get(track, 0.0) for track in popularity])}
