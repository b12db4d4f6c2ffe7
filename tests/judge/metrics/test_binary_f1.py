"""judge.metrics.binary_f1: F1 of the positive class, and clear errors for a malformed prediction."""

from __future__ import annotations

import pytest

from judge.metrics import METRICS, InvalidPrediction
from judge.metrics.binary_f1 import compute


@pytest.mark.parametrize(
    "prediction, labels, f1",
    [
        ([1, 0, 1, 0], [1, 0, 1, 0], 1.0),
        ([0, 0, 0, 0], [1, 0, 0, 0], 0.0),  # the majority class
        ([1, 1, 1, 1], [1, 0, 0, 0], 0.4),  # precision 1/4, recall 1
        ([1, 0, 0, 0], [1, 1, 0, 0], 2 / 3),
        ([True, False], [1, 0], 1.0),
        ([1.0, 0.0], [1, 0], 1.0),
        ([0, 0], [0, 0], 0.0),  # no positives at all: nothing found
    ],
)
def test_f1(prediction, labels, f1):
    assert compute(prediction, labels).value == pytest.approx(f1)


@pytest.mark.parametrize(
    "prediction, message",
    [
        ([1, 0, 1], "expected 4 predictions, got 3"),
        ([1, 0, 2, 0], "must be 0 or 1"),
        ([1, 0, 0.5, 0], "must be 0 or 1"),
        (["1", 0, 0, 0], "must be 0 or 1"),
        ({"a": 1}, "return a list"),
    ],
)
def test_malformed_predictions(prediction, message):
    with pytest.raises(InvalidPrediction, match=message):
        compute(prediction, [1, 0, 0, 0])


def test_registered():
    assert METRICS["binary_f1"] is compute
