# Wrong: uses the relevance itself as the gain instead of 2**rel - 1.
import math


def ndcg_at_k(ranked, relevance, k):
    dcg = sum(relevance.get(item, 0) / math.log2(i + 2) for i, item in enumerate(ranked[:k]))
    ideal = sorted(relevance.values(), reverse=True)[:k]
    idcg = sum(rel / math.log2(i + 2) for i, rel in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0
