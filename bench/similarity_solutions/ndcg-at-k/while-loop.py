import math


def ndcg_at_k(ranked, relevance, k):
    gains = sorted(relevance.values(), reverse=True)[:k]
    ideal = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    if not ideal:
        return 0.0
    got = 0.0
    i = 0
    while i < min(k, len(ranked)):
        r = relevance.get(ranked[i], 0)
        got = got + (2**r - 1) / math.log2(i + 2)
        i += 1
    return got / ideal
