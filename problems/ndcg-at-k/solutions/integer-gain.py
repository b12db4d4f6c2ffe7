# Wrong: computes the gain with a bit shift, truncating fractional relevance to an integer.
import math


def ndcg_at_k(ranked, relevance, k):
    def dcg(rels):
        return sum(((1 << int(r)) - 1) / math.log2(i + 2) for i, r in enumerate(rels))

    actual = dcg(relevance.get(item, 0) for item in ranked[:k])
    ideal = dcg(sorted(relevance.values(), reverse=True)[:k])
    return actual / ideal if ideal > 0 else 0.0
