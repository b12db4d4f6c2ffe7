from itertools import combinations
from math import log2, sqrt


def _ap(top, rel, k):
    found = 0
    acc = 0.0
    for i, item in enumerate(top):
        if item in rel:
            found += 1
            acc += found / (i + 1)
    return acc / min(k, len(rel))


def _cos(a, b):
    na = sqrt(sum(v * v for v in a))
    nb = sqrt(sum(v * v for v in b))
    if na == 0 or nb == 0:
        return 0.0
    return sum(x * y for x, y in zip(a, b)) / (na * nb)


def _ild(top, feats):
    pairs = list(combinations(top, 2))
    if not pairs:
        return 0.0
    return sum(1 - _cos(feats[x], feats[y]) for x, y in pairs) / len(pairs)


def recsys_metrics(recommendations, relevant, item_features, popularity, k):
    if not recommendations:
        return {"map": 0.0, "recall": 0.0, "ild": 0.0, "novelty": 0.0}
    everything = sum(popularity.values())
    maps, recalls, ilds, novs = [], [], [], []
    for user, recs in recommendations.items():
        top = recs[:k]
        rel = set(relevant.get(user) or [])
        maps.append(_ap(top, rel, k) if rel else 0.0)
        recalls.append(len([t for t in top if t in rel]) / len(rel) if rel else 0.0)
        ilds.append(_ild(top, item_features))
        novs.append(sum(-log2(popularity[t] / everything) for t in top) / len(top) if top else 0.0)
    n = len(recommendations)
    return {"map": sum(maps) / n, "recall": sum(recalls) / n, "ild": sum(ilds) / n, "novelty": sum(novs) / n}
