"""F1 of the positive class for 0/1 predictions: predicting only the majority class scores 0."""

from __future__ import annotations

from judge.metrics import InvalidPrediction, MetricResult


def compute(prediction, labels, **_) -> MetricResult:
    """``prediction``: a list of 0/1 (or booleans), one per labelled row. ``labels``: the true 0/1 list."""
    if not isinstance(prediction, list):
        raise InvalidPrediction(f"return a list of 0/1 predictions, not {type(prediction).__name__}")
    if len(prediction) != len(labels):
        raise InvalidPrediction(f"expected {len(labels)} predictions, got {len(prediction)}")
    if any(p not in (0, 1) or isinstance(p, float) and not p.is_integer() for p in prediction):
        raise InvalidPrediction("every prediction must be 0 or 1")
    tp = sum(1 for p, y in zip(prediction, labels) if p == 1 and y == 1)
    fp = sum(1 for p, y in zip(prediction, labels) if p == 1 and y == 0)
    fn = sum(1 for p, y in zip(prediction, labels) if p == 0 and y == 1)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return MetricResult(
        f1, {"precision": round(precision, 6), "recall": round(recall, 6), "predicted_positive": tp + fp}
    )
