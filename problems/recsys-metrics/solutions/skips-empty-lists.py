"""Leaves a user with an empty list of recommendations out of the means."""

import math


def _average_precision(top, relevant):
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for rank, item in enumerate(top, start=1):
        if item in relevant:
            hits += 1
            total += hits / rank
    return total  # divided by min(k, |relevant|) by the caller


def _cosine(a, b):
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b)) / norm if norm else 0.0


def recsys_metrics(recommendations, relevant, item_features, popularity, k):
    total_plays = sum(popularity.values())
    users = sorted(u for u in recommendations if recommendations[u])
    sums = {"map": 0.0, "recall": 0.0, "ild": 0.0, "novelty": 0.0}
    for user in users:
        top = recommendations[user][:k]
        rel = set(relevant.get(user, []))
        if rel:
            sums["map"] += _average_precision(top, rel) / min(k, len(rel))
            sums["recall"] += len(rel.intersection(top)) / len(rel)
        pairs = [(i, j) for i in range(len(top)) for j in range(i + 1, len(top))]
        if pairs:
            sums["ild"] += sum(1 - _cosine(item_features[top[i]], item_features[top[j]]) for i, j in pairs) / len(pairs)
        if top:
            sums["novelty"] += sum(-math.log2(popularity[item] / total_plays) for item in top) / len(top)
    return {name: value / len(users) for name, value in sums.items()} if users else dict.fromkeys(sums, 0.0)
