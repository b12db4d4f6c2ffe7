# Wrong: looks up every ranked item directly, so an item without a judgement raises KeyError.
import math


def ndcg_at_k(ranked, relevance, k):
    def dcg(rels):
        return sum((2 ** r - 1) / math.log2(i + 2) for i, r in enumerate(rels))

    actual = dcg(relevance[item] for item in ranked[:k])
    ideal = dcg(sorted(relevance.values(), reverse=True)[:k])
    return actual / ideal if ideal > 0 else 0.0
