"""Pairwise F1 of a clustering: predicted pairs are closed transitively first."""

from __future__ import annotations

from collections import Counter

from judge.metrics import InvalidPrediction, MetricResult


def compute(prediction, labels, **_) -> MetricResult:
    """``prediction``: pairs of ids. ``labels``: the true clusters, lists of ids (singletons optional).

    An id that no label cluster names is a singleton of its own, so pairing it
    with anything only lowers precision.
    """
    true_cluster = {item: index for index, cluster in enumerate(labels) for item in cluster}
    parent: dict = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    if not isinstance(prediction, list):
        raise InvalidPrediction("return a list of pairs of ids")
    for i, pair in enumerate(prediction):
        if not isinstance(pair, list) or len(pair) != 2:
            raise InvalidPrediction(f"item {i} is not a pair of ids: {str(pair)[:60]}")
        a, b = pair
        if not isinstance(a, str) or not isinstance(b, str):
            raise InvalidPrediction(f"item {i} is not a pair of string ids: {str(pair)[:60]}")
        parent[find(a)] = find(b)

    predicted: dict = {}
    for item in parent:
        predicted.setdefault(find(item), []).append(item)
    predicted_pairs = sum(_pairs(len(c)) for c in predicted.values())
    true_pairs = sum(_pairs(len(c)) for c in labels)
    agreeing = sum(
        sum(_pairs(n) for n in Counter(true_cluster.get(x, ("alone", x)) for x in c).values())
        for c in predicted.values()
    )
    if predicted_pairs == 0 and true_pairs == 0:
        return MetricResult(1.0, {"precision": 1.0, "recall": 1.0})
    precision = agreeing / predicted_pairs if predicted_pairs else 0.0
    recall = agreeing / true_pairs if true_pairs else 0.0
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return MetricResult(
        f1,
        {
            "precision": round(precision, 6),
            "recall": round(recall, 6),
            "predicted_pairs": predicted_pairs,
            "true_pairs": true_pairs,
        },
    )


def _pairs(n: int) -> int:
    return n * (n - 1) // 2
