"""Comparing JSON values: exactly, with float tolerance, or as an unordered collection."""

from __future__ import annotations

import json
import math
from collections import Counter

from judge.checkers.check import Check
from judge.checkers.keyed import digest

_SPECIAL = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def exact(actual, expected, **_) -> Check:
    where = _first_difference(actual, expected, None)
    return _check(where)


def floats(actual, expected, abs_tol: float = 1e-9, rel_tol: float = 0.0, **_) -> Check:
    where = _first_difference(actual, expected, (abs_tol, rel_tol))
    return _check(where)


def unordered(actual, expected, **_) -> Check:
    if not isinstance(actual, list) or not isinstance(expected, list):
        return exact(actual, expected)
    # Counted by a keyed digest of each element's canonical text: nothing returned can make them collide.
    texts: dict[bytes, str] = {}
    have, want = Counter(), Counter()
    for items, counter in ((actual, have), (expected, want)):
        for item in items:
            text = _canonical(item)
            key = digest(text)
            texts.setdefault(key, text)
            counter[key] += 1
    if have == want:
        return Check(True, 1.0)
    missing = [texts[key] for key in list((want - have).elements())[:3]]
    extra = [texts[key] for key in list((have - want).elements())[:3]]
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing)}")
    if extra:
        parts.append(f"unexpected {', '.join(extra)}")
    return Check(False, 0.0, {"message": "; ".join(parts)})


def _check(where: str | None) -> Check:
    return Check(True, 1.0) if where is None else Check(False, 0.0, {"message": where})


def _number(value):
    if isinstance(value, dict) and set(value) == {"$float"}:
        return _SPECIAL.get(value["$float"])
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return None


def _first_difference(actual, expected, tolerance, path: str = "") -> str | None:
    """None when equal, else a short description of the first difference."""
    where = f"the result{path}"
    a_num, e_num = _number(actual), _number(expected)
    if e_num is not None:
        if a_num is None:
            return f"{where}: expected a number, got {_short(actual)}"
        return (
            None
            if _numbers_equal(a_num, e_num, tolerance)
            else f"{where}: expected {_short(expected)}, got {_short(actual)}"
        )
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"{where}: expected a list, got {_short(actual)}"
        if len(actual) != len(expected):
            return f"{where}: expected {len(expected)} items, got {len(actual)}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            found = _first_difference(a, e, tolerance, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{where}: expected an object, got {_short(actual)}"
        if set(actual) != set(expected):
            return f"{where}: expected keys {sorted(expected)}, got {sorted(actual)}"
        for key in expected:
            found = _first_difference(actual[key], expected[key], tolerance, f"{path}[{key!r}]")
            if found:
                return found
        return None
    if type(actual) is not type(expected) or actual != expected:
        return f"{where}: expected {_short(expected)}, got {_short(actual)}"
    return None


def _numbers_equal(a, e, tolerance) -> bool:
    # Only floats can be NaN; an int too large for a float is compared exactly.
    if isinstance(a, float) and isinstance(e, float) and math.isnan(a) and math.isnan(e):
        return True
    if tolerance is None:
        return a == e
    try:
        return math.isclose(a, e, abs_tol=tolerance[0], rel_tol=tolerance[1])
    except OverflowError:
        return a == e


def _canonical(value) -> str:
    return json.dumps(_integral_floats_as_ints(value), sort_keys=True)


def _integral_floats_as_ints(value):
    """2.0 and 2 are the same element, as they are equal for exact()."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral_floats_as_ints(v) for v in value]
    if isinstance(value, dict):
        return {k: _integral_floats_as_ints(v) for k, v in value.items()}
    return value


def _short(value, limit: int = 80) -> str:
    text = json.dumps(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
