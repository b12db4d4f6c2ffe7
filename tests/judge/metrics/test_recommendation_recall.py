"""judge.metrics.recommendation_recall: recall of held-out listens, and every hard constraint."""

from __future__ import annotations

import pytest

from judge.metrics import METRICS, InvalidPrediction
from judge.metrics.recommendation_recall import compute

LABELS = {
    "size": 3,
    "per_artist": 2,
    "heldout": {"u": ["t1", "t2"], "v": ["t5"]},
    "played": {"u": ["t9"], "v": []},
    "track_artist": {"t1": "A", "t2": "A", "t3": "A", "t4": "B", "t5": "C", "t9": "D"},
}


@pytest.mark.parametrize(
    "prediction, value, broken",
    [
        ({"u": ["t1", "t2", "t4"], "v": ["t5", "t1", "t4"]}, 1.0, None),
        ({"u": ["t1", "t4", "t5"], "v": ["t1", "t2", "t4"]}, 0.25, None),
        ({"u": ["t1", "t2"], "v": ["t5", "t1", "t4"]}, 0.0, "2 tracks instead of 3"),
        ({"u": ["t1", "t1", "t4"], "v": ["t5", "t1", "t4"]}, 0.0, "appears twice"),
        ({"u": ["t1", "t9", "t4"], "v": ["t5", "t1", "t4"]}, 0.0, "'t9' was already played"),
        ({"u": ["t1", "t2", "t3"], "v": ["t5", "t1", "t4"]}, 0.0, "3 tracks by artist 'A'"),
        ({"u": ["t1", "t2", "zz"], "v": ["t5", "t1", "t4"]}, 0.0, "unknown track 'zz'"),
    ],
)
def test_recall_and_constraints(prediction, value, broken):
    result = compute(prediction, LABELS)
    assert result.value == pytest.approx(value)
    assert (broken is None) == ("constraint_broken" not in result.details)
    if broken:
        assert broken in result.details["constraint_broken"]


@pytest.mark.parametrize("prediction", [[], {"u": ["t1", "t2", "t4"]}, {"u": "t1", "v": []}])
def test_malformed(prediction):
    with pytest.raises(InvalidPrediction):
        compute(prediction, LABELS)


def test_registered():
    assert METRICS["recommendation_recall"] is compute
