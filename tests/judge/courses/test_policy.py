"""judge.courses.policy: a deadline per student, and what a submission after it is worth."""

from __future__ import annotations

import datetime as dt

import pytest

from judge.courses.policy import LATE_POLICY, deadline, timing

DUE = dt.datetime(2027, 1, 11, 9, 0, tzinfo=dt.timezone.utc)
HOUR = dt.timedelta(hours=1)


def policy(**fields):
    return LATE_POLICY.validate_python(fields or {"kind": "none"})


@pytest.mark.parametrize(
    "fields, late_by, allowed, penalty",
    [
        ({}, -HOUR, True, 0.0),
        ({}, dt.timedelta(0), True, 0.0),  # at the deadline is on time
        ({}, dt.timedelta(seconds=1), False, 0.0),
        ({"kind": "per_day", "percent": 10}, HOUR, True, 10.0),  # part of a day counts as a day
        ({"kind": "per_day", "percent": 10}, 25 * HOUR, True, 20.0),
        ({"kind": "per_day", "percent": 10, "floor": 50}, 240 * HOUR, True, 50.0),  # never below the floor
        ({"kind": "per_day", "percent": 40}, 72 * HOUR, True, 100.0),
        ({"kind": "cutoff", "until": DUE + 48 * HOUR, "percent": 25}, 47 * HOUR, True, 25.0),
        ({"kind": "cutoff", "until": DUE + 48 * HOUR, "percent": 25}, 49 * HOUR, False, 0.0),
    ],
)
def test_timing(fields, late_by, allowed, penalty):
    when = timing(policy(**fields), DUE, DUE + late_by)
    assert (when.allowed, when.penalty_percent) == (allowed, penalty)
    assert when.late == (allowed and late_by > dt.timedelta(0))
    if not allowed:
        assert DUE.isoformat() in when.reason


def test_a_deadline_is_the_extension_or_the_due_date_and_at_most_the_window():
    started = DUE - 10 * HOUR
    assert deadline(DUE) == DUE
    assert deadline(DUE, extension=DUE + HOUR) == DUE + HOUR
    assert deadline(DUE, started_at=started, window_minutes=90) == started + dt.timedelta(minutes=90)
    assert deadline(DUE, started_at=DUE - HOUR / 2, window_minutes=90) == DUE  # the window never passes the due date
    assert deadline(DUE, started_at=None, window_minutes=90) == DUE  # not opened yet


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "per_day", "percent": 0},
        {"kind": "per_day", "percent": 10, "floor": 100},
        {"kind": "weekly"},
        {"kind": "none", "percent": 5},
    ],
)
def test_a_bad_policy_is_refused(fields):
    with pytest.raises(ValueError):
        LATE_POLICY.validate_python(fields)
