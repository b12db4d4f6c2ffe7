"""Turn a submission's return value into plain JSON data.

Only plain data leaves the container, so a returned object whose ``__eq__``
or ``__iter__`` the submission controls is reduced to built-in types here,
and the judge outside only ever compares what ``json.loads`` produced.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Any


class NotJudgeable(TypeError):
    """The value has a type the judge cannot compare."""


def to_plain(value: Any, _depth: int = 0) -> Any:
    if _depth > 100:
        raise NotJudgeable("the return value is nested more than 100 levels deep")
    if value is None or isinstance(value, bool):
        return None if value is None else bool(value)
    if isinstance(value, int):
        return int.__index__(value)
    if isinstance(value, float):
        return _plain_float(float.__float__(value))
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, decimal.Decimal):
        return _plain_float(float(value))
    # The base classes' methods, not the value's: a subclass may override them.
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = dt.datetime.replace(dt.datetime.astimezone(value, dt.timezone.utc), tzinfo=None)
        return dt.datetime.isoformat(value, sep=" ")
    if isinstance(value, dt.date):
        return dt.date.isoformat(value)
    if isinstance(value, dt.time):
        return dt.time.__str__(value)
    if isinstance(value, dt.timedelta):
        return dt.timedelta.__str__(value)
    if isinstance(value, dict):
        return {_plain_key(k): to_plain(v, _depth + 1) for k, v in dict.items(value)}
    if isinstance(value, (list, tuple)):
        return [
            to_plain(v, _depth + 1)
            for v in (list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value))
        ]
    if isinstance(value, (set, frozenset)):
        members = set.__iter__(value) if isinstance(value, set) else frozenset.__iter__(value)
        items = [to_plain(v, _depth + 1) for v in members]
        try:
            return sorted(items, key=_sort_key)
        except TypeError:
            return items
    tolist = getattr(type(value), "tolist", None)
    if tolist is not None and type(value).__module__.startswith(("numpy", "pandas")):
        return to_plain(tolist(value), _depth + 1)
    raise NotJudgeable(f"values of type {type(value).__name__} cannot be judged; return built-in types")


def _plain_float(x: float) -> Any:
    # JSON has no NaN or infinity; keep them distinguishable from strings.
    if math.isnan(x):
        return {"$float": "nan"}
    if math.isinf(x):
        return {"$float": "inf" if x > 0 else "-inf"}
    return x


def _plain_key(key: Any) -> str:
    if isinstance(key, str):
        return str.__str__(key)
    plain = to_plain(key)
    if isinstance(plain, (dict, list)):
        raise NotJudgeable("dictionary keys must be strings, numbers or dates")
    return str(plain)


def _sort_key(item: Any) -> tuple[str, str]:
    return (type(item).__name__, repr(item))
