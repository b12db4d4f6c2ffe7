"""judge.checkers.values: exact, float-tolerant and unordered comparison of JSON values."""

from __future__ import annotations

import math

import pytest

from judge.checkers import CHECKERS
from judge.checkers.values import exact, floats, unordered

NAN = {"$float": "nan"}
INF = {"$float": "inf"}
NEG_INF = {"$float": "-inf"}
HUGE = 10**400  # JSON allows it; a float cannot hold it


@pytest.mark.parametrize(
    "actual, expected, passed, fragment",
    [
        (3, 3, True, None),
        (3, 3.0, True, None),  # JSON numbers: 3 and 3.0 are the same value
        (3.0, 3, True, None),
        (-0.0, 0, True, None),
        (1.0000000001, 1.0, False, "the result: expected 1.0, got 1.0000000001"),
        ("a", "a", True, None),
        ("a", "b", False, 'the result: expected "b", got "a"'),
        ("3", 3, False, 'expected a number, got "3"'),
        (3, "3", False, 'expected "3", got 3'),
        (True, 1, False, "expected a number, got true"),
        (1, True, False, "expected true, got 1"),
        (False, 0, False, "expected a number, got false"),
        (None, None, True, None),
        (None, 0, False, "expected a number, got null"),
        (0, None, False, "expected null, got 0"),
        ([1, 2], [1, 2], True, None),
        ([2, 1], [1, 2], False, "the result[0]: expected 1, got 2"),
        ([1], [1, 2], False, "the result: expected 2 items, got 1"),
        ("x", [1], False, 'the result: expected a list, got "x"'),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}, True, None),
        ({"a": 1}, {"b": 1}, False, "expected keys ['b'], got ['a']"),
        ([1], {"a": 1}, False, "expected an object, got [1]"),
        ({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]}, False, "['a'][1]['b']: expected 3, got 2"),
        (NAN, NAN, True, None),
        (INF, INF, True, None),
        (INF, NEG_INF, False, 'expected {"$float": "-inf"}, got {"$float": "inf"}'),
        (NAN, 1.0, False, 'expected 1.0, got {"$float": "nan"}'),
        (1.0, NAN, False, 'expected {"$float": "nan"}, got 1.0'),
        ({"$float": "other"}, {"$float": "other"}, True, None),  # not a special float: a plain object
        (HUGE, HUGE, True, None),
        (HUGE + 1, HUGE, False, "expected 1000"),
        (1.5, HUGE, False, "got 1.5"),
    ],
)
def test_exact(actual, expected, passed, fragment):
    check = exact(actual, expected)
    assert check.passed is passed
    assert check.score == (1.0 if passed else 0.0)
    if passed:
        assert check.feedback == {}
    else:
        assert fragment in check.feedback["message"]


@pytest.mark.parametrize(
    "actual, expected, kwargs, passed",
    [
        (0.1 + 0.2, 0.3, {}, True),
        (1.0 + 1e-8, 1.0, {}, False),  # the default abs_tol is 1e-9
        (1.0 + 1e-8, 1.0, {"abs_tol": 1e-6}, True),
        (1.001, 1.0, {"abs_tol": 1e-6}, False),
        (1001.0, 1000.0, {"abs_tol": 0.0, "rel_tol": 1e-2}, True),
        (1001.0, 1000.0, {"abs_tol": 0.0, "rel_tol": 1e-4}, False),
        ([0.1 + 0.2, [1.0, 2.0000000001]], [0.3, [1, 2]], {"abs_tol": 1e-6}, True),
        ({"mean": 0.30000000001}, {"mean": 0.3}, {"abs_tol": 1e-6}, True),
        (NAN, NAN, {}, True),
        (NAN, 0.0, {"abs_tol": 1e9}, False),
        (INF, INF, {}, True),
        (INF, 1e308, {"rel_tol": 0.5}, False),
        ("0.3", 0.3, {"abs_tol": 1.0}, False),
        (True, 1.0, {"abs_tol": 1.0}, False),
        (HUGE, HUGE, {}, True),
        (HUGE + 1, HUGE, {}, False),
        ([1.0, 2.0], [1.0, 2.0, 3.0], {"abs_tol": 10}, False),
    ],
)
def test_floats(actual, expected, kwargs, passed):
    assert floats(actual, expected, **kwargs).passed is passed


def test_floats_names_the_first_differing_position():
    check = floats([[0.0, 1.0], [2.0, 3.5]], [[0.0, 1.0], [2.0, 3.0]], abs_tol=1e-3)
    assert check.feedback == {"message": "the result[1][1]: expected 3.0, got 3.5"}


@pytest.mark.parametrize(
    "actual, expected, passed, fragment",
    [
        ([3, 1, 2], [1, 2, 3], True, None),
        ([], [], True, None),
        (["b", "a", "a"], ["a", "a", "b"], True, None),
        ([1, 1, 2], [1, 2, 2], False, "missing 2; unexpected 1"),  # multiplicity counts
        ([1, 2], [1, 2, 3], False, "missing 3"),
        ([1, 2, 3], [1, 2], False, "unexpected 3"),
        ([[2, 1]], [[1, 2]], False, "missing [1, 2]; unexpected [2, 1]"),  # only the outer list is unordered
        ([{"b": 2, "a": 1}], [{"a": 1, "b": 2}], True, None),
        ([2.0, 1], [1, 2], True, None),  # as for exact(), 2.0 and 2 are equal
        ([[1.0, {"x": 2.0}]], [[1, {"x": 2}]], True, None),
        ([True], [1], False, "missing 1; unexpected true"),
        ([NAN, 1], [1, NAN], True, None),
        ("abc", [1], False, "expected a list"),  # not a list: compared exactly
        ({"a": 1}, {"a": 1}, True, None),
    ],
)
def test_unordered(actual, expected, passed, fragment):
    check = unordered(actual, expected)
    assert check.passed is passed
    if not passed:
        assert fragment in check.feedback["message"]


def test_unordered_shows_at_most_three_of_each():
    check = unordered(list(range(10, 20)), list(range(10)))
    message = check.feedback["message"]
    assert message == "missing 0, 1, 2; unexpected 10, 11, 12"


def test_long_values_are_shortened_in_messages():
    check = exact("x" * 500, "y" * 500)
    message = check.feedback["message"]
    assert len(message) < 250
    assert message.count("...") == 2


def test_checkers_registry_names_every_compare_mode():
    assert CHECKERS == {"exact": exact, "float": floats, "unordered": unordered}


@pytest.mark.parametrize("checker", [exact, floats, unordered])
def test_checkers_ignore_unknown_keyword_arguments(checker):
    assert checker([1.0], [1.0], abs_tol=0.1, rel_tol=0.0, something_else=True).passed


def test_exact_does_not_treat_nan_floats_as_unequal_to_themselves():
    assert exact(math.nan, math.nan).passed
    assert not exact(math.nan, 0.0).passed
