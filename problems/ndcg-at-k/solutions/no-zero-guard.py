# Wrong: divides by the ideal DCG without checking for zero (all-zero or empty relevance).
import math


def ndcg_at_k(ranked, relevance, k):
    def dcg(rels):
        return sum((2 ** r - 1) / math.log2(i + 2) for i, r in enumerate(rels))

    actual = dcg(relevance.get(item, 0) for item in ranked[:k])
    ideal = dcg(sorted(relevance.values(), reverse=True)[:k])
    return actual / ideal
