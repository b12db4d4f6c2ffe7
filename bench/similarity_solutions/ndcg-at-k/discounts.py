from math import log2


def ndcg_at_k(ranked, relevance, k):
    actual = [relevance.get(item, 0.0) for item in ranked[:k]]
    best = sorted(relevance.values(), reverse=True)[:k]
    discounts = [1 / log2(p) for p in range(2, max(len(actual), len(best)) + 2)]

    def dcg(values):
        return sum((pow(2, v) - 1) * d for v, d in zip(values, discounts))

    top = dcg(best)
    if top == 0:
        return 0.0
    return dcg(actual) / top
