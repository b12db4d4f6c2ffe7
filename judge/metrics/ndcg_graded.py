"""Mean NDCG@k over queries, against graded relevance judgements, with filters that must be respected.

``labels`` = {"k": 10, "judgements": {query: {item: grade}}, "allowed": {query: [items that pass the
query's filters]}}. Gains are 2^grade - 1 and discounts log2(rank + 1). The ideal ranking is built
from the judged items that pass the filters. A query whose ranking holds an item that breaks its
filters scores 0 (a user would see a Spanish episode after asking for Swedish ones).
"""

from __future__ import annotations

import math

from judge.metrics import InvalidPrediction, MetricResult


def _dcg(grades: list[int]) -> float:
    return sum((2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(grades, start=1))


def compute(prediction, labels, **_) -> MetricResult:
    """``prediction``: a dict of query id to a ranked list of at most k distinct item ids; a query it leaves
    out ranks nothing and scores 0."""
    k, judgements, allowed = labels["k"], labels["judgements"], labels["allowed"]
    if not isinstance(prediction, dict):
        raise InvalidPrediction(f"return a dict of query id to a ranked list, not {type(prediction).__name__}")
    scores, violations = [], []
    for query, grades in sorted(judgements.items()):
        ranked = prediction.get(query, [])
        if not isinstance(ranked, list) or not all(isinstance(item, str) for item in ranked):
            raise InvalidPrediction(f"the ranking of query {query!r} must be a list of episode ids")
        if len(ranked) > k:
            raise InvalidPrediction(f"query {query!r}: at most {k} results, got {len(ranked)}")
        if len(set(ranked)) != len(ranked):
            raise InvalidPrediction(f"query {query!r}: an episode appears twice")
        passing = set(allowed[query])
        if any(item not in passing for item in ranked):
            violations.append(query)
            scores.append(0.0)
            continue
        ideal = _dcg(sorted((g for item, g in grades.items() if item in passing), reverse=True)[:k])
        scores.append(_dcg([grades.get(item, 0) for item in ranked]) / ideal if ideal else 1.0)
    details = {"queries": len(scores)}
    if violations:
        details["queries_breaking_filters"] = len(violations)
        details["first_breaking_filters"] = violations[0]
    return MetricResult(sum(scores) / len(scores) if scores else 0.0, details)
