# Wrong: enumerates from 1 but still adds 2 inside the log, so position i is discounted by log2(i + 2).
import math


def ndcg_at_k(ranked, relevance, k):
    def dcg(rels):
        return sum((2 ** r - 1) / math.log2(i + 2) for i, r in enumerate(rels, start=1))

    actual = dcg(relevance.get(item, 0) for item in ranked[:k])
    ideal = dcg(sorted(relevance.values(), reverse=True)[:k])
    return actual / ideal if ideal > 0 else 0.0
