"""judge.metrics.pairwise_f1: pairwise F1 of a clustering given as pairs of ids."""

from __future__ import annotations

import pytest

from judge.metrics import METRICS, InvalidPrediction, MetricResult
from judge.metrics.pairwise_f1 import compute

LABELS = [["a", "b", "c"], ["d", "e"], ["f"]]  # 3 + 1 true pairs; f is a singleton


@pytest.mark.parametrize(
    "prediction, labels, f1, precision, recall",
    [
        ([["a", "b"], ["b", "c"], ["d", "e"]], LABELS, 1.0, 1.0, 1.0),  # a-c is implied transitively
        ([["a", "b"], ["a", "c"], ["b", "c"], ["e", "d"]], LABELS, 1.0, 1.0, 1.0),
        ([["a", "b"]], LABELS, 0.4, 1.0, 0.25),
        ([["a", "b"], ["d", "e"], ["c", "d"]], LABELS, 0.5, 0.5, 0.5),  # {a,b} and {c,d,e}: 2 of 4 agree
        ([["a", "f"]], LABELS, 0.0, 0.0, 0.0),
        ([["a", "b"], ["a", "zz"]], [["a", "b"]], 0.5, 1 / 3, 1.0),  # an unknown id only costs precision
        ([["x", "y"]], [["x"], ["y"]], 0.0, 0.0, 0.0),
    ],
)
def test_scores(prediction, labels, f1, precision, recall):
    metric = compute(prediction, labels)
    assert isinstance(metric, MetricResult)
    assert metric.value == pytest.approx(f1)
    assert metric.details["precision"] == pytest.approx(precision, abs=1e-6)
    assert metric.details["recall"] == pytest.approx(recall, abs=1e-6)


def test_counts_of_pairs_are_reported():
    metric = compute([["a", "b"], ["d", "e"], ["c", "d"]], LABELS)
    assert metric.details["predicted_pairs"] == 4
    assert metric.details["true_pairs"] == 4


def test_no_pairs_on_either_side_is_perfect():
    assert compute([], [["a"], ["b"]]).value == 1.0
    assert compute([], []).value == 1.0


def test_no_predicted_pairs_against_true_pairs_scores_zero():
    metric = compute([], LABELS)
    assert metric.value == 0.0
    assert metric.details["recall"] == 0.0


@pytest.mark.parametrize(
    "noise",
    [
        [["b", "a"]],  # reversed
        [["a", "b"]],  # duplicated
        [["a", "a"]],  # an id paired with itself
        [["f", "f"]],
    ],
)
def test_redundant_pairs_change_nothing(noise):
    base = [["a", "b"], ["b", "c"], ["d", "e"]]
    assert compute(base + noise, LABELS).value == compute(base, LABELS).value == 1.0


def test_prediction_order_does_not_matter():
    pairs = [["a", "b"], ["d", "e"], ["c", "d"]]
    assert compute(list(reversed(pairs)), LABELS).value == compute(pairs, LABELS).value


@pytest.mark.parametrize(
    "prediction, fragment",
    [
        ({"a": "b"}, "return a list of pairs of ids"),
        ("a,b", "return a list of pairs of ids"),
        (None, "return a list of pairs of ids"),
        ([["a", "b", "c"]], "item 0 is not a pair of ids"),
        ([["a", "b"], ["c"]], "item 1 is not a pair of ids"),
        ([("a", "b")], "item 0 is not a pair of ids"),  # JSON gives lists; a tuple never arrives
        (["ab"], "item 0 is not a pair of ids"),
        ([["a", 1]], "item 0 is not a pair of string ids"),
        ([[None, "a"]], "item 0 is not a pair of string ids"),
    ],
)
def test_invalid_predictions(prediction, fragment):
    with pytest.raises(InvalidPrediction, match=fragment):
        compute(prediction, LABELS)


def test_invalid_prediction_is_a_value_error_with_a_bounded_message():
    with pytest.raises(ValueError) as info:
        compute([["x" * 1000]], LABELS)
    assert len(str(info.value)) < 120


def test_extra_parameters_are_accepted():
    assert compute([["a", "b"]], [["a", "b"]], unused=1).value == 1.0


def test_registry():
    assert METRICS["pairwise_f1"] is compute
