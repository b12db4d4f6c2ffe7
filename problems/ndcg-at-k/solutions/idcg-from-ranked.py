# Wrong: builds the ideal ordering from the relevances of the ranked items only,
# forgetting relevant items that the system failed to return.
import math


def ndcg_at_k(ranked, relevance, k):
    def dcg(rels):
        return sum((2 ** r - 1) / math.log2(i + 2) for i, r in enumerate(rels))

    rels = [relevance.get(item, 0) for item in ranked]
    actual = dcg(rels[:k])
    ideal = dcg(sorted(rels, reverse=True)[:k])
    return actual / ideal if ideal > 0 else 0.0
