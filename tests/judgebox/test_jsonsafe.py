"""judgebox.jsonsafe.to_plain: a submission's return value reduced to plain JSON data."""

from __future__ import annotations

import collections
import datetime as dt
import decimal
import json
import math

import pytest

from judgebox.jsonsafe import NotJudgeable, to_plain

PLAIN_TYPES = (type(None), bool, int, float, str, list, dict)


def assert_plain(value) -> None:
    """Only exact built-in types, all the way down."""
    assert type(value) in PLAIN_TYPES, type(value)
    if type(value) is list:
        for item in value:
            assert_plain(item)
    elif type(value) is dict:
        for key, item in value.items():
            assert type(key) is str
            assert_plain(item)


Point = collections.namedtuple("Point", "x y")


@pytest.mark.parametrize(
    "value, plain",
    [
        (None, None),
        (True, True),
        (False, False),
        (0, 0),
        (-7, -7),
        (10**30, 10**30),
        (1.5, 1.5),
        (-0.0, -0.0),
        ("text", "text"),
        ("", ""),
        ((1, 2), [1, 2]),
        ((), []),
        ([(1, 2), (3,)], [[1, 2], [3]]),
        (Point(1, 2), [1, 2]),
        ({"a": (1, 2)}, {"a": [1, 2]}),
        ({1: "a", 2.5: "b", None: "c"}, {"1": "a", "2.5": "b", "None": "c"}),
        ({3, 1, 2}, [1, 2, 3]),
        (frozenset({"b", "a"}), ["a", "b"]),
        (set(), []),
        ({1, "a"}, [1, "a"]),  # mixed types: a stable order by type name
        (collections.OrderedDict([("b", 1), ("a", 2)]), {"b": 1, "a": 2}),
        (collections.Counter("aab"), {"a": 2, "b": 1}),
        (decimal.Decimal("1.25"), 1.25),
        (dt.date(2024, 2, 29), "2024-02-29"),
        (dt.datetime(2024, 1, 2, 3, 4, 5), "2024-01-02 03:04:05"),
        (dt.datetime(2024, 1, 2, 3, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))), "2024-01-02 01:00:00"),
        (dt.time(12, 30), "12:30:00"),
        (dt.timedelta(days=1, seconds=5), "1 day, 0:00:05"),
    ],
)
def test_plain_values(value, plain):
    result = to_plain(value)
    assert result == plain
    assert_plain(result)
    assert json.loads(json.dumps(result, allow_nan=False)) == result


@pytest.mark.parametrize(
    "value, plain",
    [
        (math.nan, {"$float": "nan"}),
        (math.inf, {"$float": "inf"}),
        (-math.inf, {"$float": "-inf"}),
        (decimal.Decimal("NaN"), {"$float": "nan"}),
        (decimal.Decimal("-Infinity"), {"$float": "-inf"}),
        ([1.0, math.nan], [1.0, {"$float": "nan"}]),
    ],
)
def test_special_floats_are_tagged(value, plain):
    result = to_plain(value)
    assert result == plain
    json.dumps(result, allow_nan=False)  # valid strict JSON


# --- subclasses that the submission controls --------------------------------------------------------


class SlyInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__

    def __index__(self):
        return 99

    def __int__(self):
        return 99


class SlyFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__

    def __float__(self):
        return 99.0


class SlyStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__

    def __str__(self):
        return "forged"


class SlyList(list):
    def __eq__(self, other):
        return True

    def __iter__(self):
        return iter(["forged"])


class SlyTuple(tuple):
    def __iter__(self):
        return iter(["forged"])


class SlyDict(dict):
    def __eq__(self, other):
        return True

    def items(self):
        return [("forged", 1)]

    def __iter__(self):
        return iter(["forged"])


class SlySet(set):
    def __iter__(self):
        return iter(["forged"])


class SlyFrozenSet(frozenset):
    def __iter__(self):
        return iter(["forged"])


class SlyDate(dt.date):
    def isoformat(self):
        return ["forged", object()]


class SlyDateTime(dt.datetime):
    def isoformat(self, sep="T", timespec="auto"):
        return {"forged": object()}

    def astimezone(self, tz=None):
        return "forged"


class SlyTimedelta(dt.timedelta):
    def __str__(self):
        return "forged"


@pytest.mark.parametrize(
    "value, plain",
    [
        (SlyInt(5), 5),
        (SlyFloat(2.5), 2.5),
        (SlyStr("real"), "real"),
        (SlyList([1, 2]), [1, 2]),
        (SlyTuple((1, 2)), [1, 2]),
        (SlyDict(a=1), {"a": 1}),
        ({SlyStr("key"): SlyInt(1)}, {"key": 1}),
        (SlySet({1, 2}), [1, 2]),
        (SlyFrozenSet({3}), [3]),
        (SlyDate(2024, 1, 2), "2024-01-02"),
        (SlyDateTime(2024, 1, 2, 3, 4, tzinfo=dt.timezone.utc), "2024-01-02 03:04:00"),
        (SlyTimedelta(seconds=1), "0:00:01"),
        ([SlyList([SlyInt(1)]), (SlyStr("x"),)], [[1], ["x"]]),
    ],
)
def test_subclasses_are_reduced_to_plain_data(value, plain):
    result = to_plain(value)
    assert result == plain
    assert_plain(result)
    assert "forged" not in json.dumps(result)


class Opaque:
    pass


class Spoofed:
    """Claims to be an int to isinstance() without being one."""

    @property
    def __class__(self):
        return int


@pytest.mark.parametrize(
    "value, fragment",
    [
        (object(), "values of type object cannot be judged"),
        (Opaque(), "values of type Opaque cannot be judged; return built-in types"),
        ([1, Opaque()], "Opaque"),
        ({"a": {"b": [Opaque()]}}, "Opaque"),
        (b"bytes", "bytes"),
        (1 + 2j, "complex"),
        (lambda: 1, "function"),
        (iter([1, 2]), "list_iterator"),
        ((x for x in [1]), "generator"),
        (range(3), "range"),
        ({(1, 2): "tuple key"}, "dictionary keys must be strings, numbers or dates"),
        ({Opaque(): 1}, "Opaque"),
    ],
)
def test_unsupported_values_raise_not_judgeable(value, fragment):
    with pytest.raises(NotJudgeable, match=fragment):
        to_plain(value)


def test_not_judgeable_is_a_type_error():
    assert issubclass(NotJudgeable, TypeError)


def test_spoofed_class_never_yields_non_plain_data():
    with pytest.raises(TypeError):
        to_plain(Spoofed())


def test_deep_nesting_is_refused():
    value: list = []
    for _ in range(150):
        value = [value]
    with pytest.raises(NotJudgeable, match="nested more than 100 levels"):
        to_plain(value)


def test_self_reference_is_refused():
    value: list = []
    value.append(value)
    with pytest.raises(NotJudgeable):
        to_plain(value)


def test_moderate_nesting_is_fine():
    value: list = [1]
    for _ in range(90):
        value = [value]
    assert json.dumps(to_plain(value)).count("[") == 91


# --- numpy, when the host has it (the sandbox image always does) -----------------------------------


@pytest.fixture(scope="module")
def numpy():
    return pytest.importorskip("numpy")


def test_numpy_scalars(numpy):
    cases = [
        (numpy.int64(5), 5, int),
        (numpy.int8(-3), -3, int),
        (numpy.float64(0.5), 0.5, float),
        (numpy.float32(0.5), 0.5, float),
        (numpy.bool_(True), True, bool),
        (numpy.str_("x"), "x", str),
    ]
    for value, plain, kind in cases:
        result = to_plain(value)
        assert result == plain and type(result) is kind, value


def test_numpy_arrays(numpy):
    result = to_plain(numpy.array([[1, 2], [3, 4]]))
    assert result == [[1, 2], [3, 4]]
    assert_plain(result)
    assert to_plain(numpy.array([1.5, numpy.nan, -numpy.inf])) == [1.5, {"$float": "nan"}, {"$float": "-inf"}]
    assert to_plain(numpy.float64("nan")) == {"$float": "nan"}
    assert to_plain({"v": numpy.arange(3)}) == {"v": [0, 1, 2]}
    assert to_plain({numpy.int64(1): "a"}) == {"1": "a"}


def test_numpy_object_arrays_are_checked_element_by_element(numpy):
    with pytest.raises(NotJudgeable, match="Opaque"):
        to_plain(numpy.array([Opaque()], dtype=object))


def test_tolist_elsewhere_is_not_trusted():
    class LooksLikeNumpy:
        def tolist(self):
            return [1, 2]

    with pytest.raises(NotJudgeable):
        to_plain(LooksLikeNumpy())
