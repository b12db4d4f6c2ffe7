"""Sums DCG over the whole ranked list, not its first k items."""

import heapq
import math


def _dcg(relevances) -> float:
    """Discounted cumulative gain of relevance values listed in rank order."""
    total = 0.0
    for position, rel in enumerate(relevances, start=1):
        total += (2.0 ** rel - 1.0) / math.log2(position + 1)
    return total


def ndcg_at_k(ranked: list[str], relevance: dict[str, float], k: int) -> float:
    dcg = _dcg(relevance.get(item, 0.0) for item in ranked)
    idcg = _dcg(heapq.nlargest(k, relevance.values()))
    if idcg == 0.0:
        return 0.0
    return dcg / idcg
