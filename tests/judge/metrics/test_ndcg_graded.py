"""judge.metrics.ndcg_graded: mean NDCG@k with graded judgements; filter breaches zero a query."""

from __future__ import annotations

import math

import pytest

from judge.metrics import METRICS, InvalidPrediction
from judge.metrics.ndcg_graded import compute

LABELS = {
    "k": 3,
    "judgements": {"q1": {"a": 3, "b": 1, "c": 0}, "q2": {"x": 2}},
    "allowed": {"q1": ["a", "b", "c", "d"], "q2": ["x", "y"]},
}


@pytest.mark.parametrize(
    "prediction, value",
    [
        ({"q1": ["a", "b"], "q2": ["x"]}, 1.0),
        ({"q1": ["b", "a"], "q2": ["x"]}, (1 + (1 / math.log2(3)) * 7) / (7 + 1 / math.log2(3)) / 2 + 0.5),
        ({"q1": ["a", "b"], "q2": []}, 0.5),  # a missing or empty ranking scores 0
        ({"q1": ["a", "b"]}, 0.5),
        (
            {"q1": ["d", "a", "b"], "q2": ["y", "x"]},
            ((7 / math.log2(3) + 1 / 2) / (7 + 1 / math.log2(3)) + 3 / math.log2(3) / 3) / 2,
        ),
        ({"q1": ["a", "e"], "q2": ["x"]}, 0.5),  # e breaks q1's filters: q1 scores 0
    ],
)
def test_values(prediction, value):
    assert compute(prediction, LABELS).value == pytest.approx(value)


def test_breaches_are_reported():
    result = compute({"q1": ["a", "e"], "q2": ["x"]}, LABELS)
    assert result.details["queries_breaking_filters"] == 1 and result.details["first_breaking_filters"] == "q1"


@pytest.mark.parametrize(
    "prediction, message",
    [
        ([], "return a dict"),
        ({"q1": ["a", "b", "c", "d"]}, "at most 3 results"),
        ({"q1": ["a", "a"]}, "appears twice"),
        ({"q1": [1, 2]}, "list of episode ids"),
    ],
)
def test_malformed(prediction, message):
    with pytest.raises(InvalidPrediction, match=message):
        compute(prediction, LABELS)


def test_registered():
    assert METRICS["ndcg_graded"] is compute
