import heapq
import math


class _Scorer:
    """Discounted gain of a list of relevances, cut at k."""

    def __init__(self, k):
        self.k = k

    def gain(self, rel):
        return 2.0**rel - 1.0

    def total(self, rels):
        out = 0.0
        for idx in range(min(self.k, len(rels))):
            out += self.gain(rels[idx]) / math.log(idx + 2, 2)
        return out


def ndcg_at_k(ranked, relevance, k):
    scorer = _Scorer(k)
    ideal = scorer.total(heapq.nlargest(k, relevance.values()))
    if ideal == 0:
        return 0.0
    return scorer.total([relevance[i] if i in relevance else 0 for i in ranked]) / ideal
