"""Comparing query results as multisets of normalised rows.

Order is checked only on the declared ORDER BY keys, so that rows which tie
on those keys may come in any order.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter

from judge.checkers.check import Check
from judge.checkers.keyed import digest

SHOWN_ROWS = 5


def compare_results(
    actual: dict,
    expected: dict,
    *,
    required_columns: list[str] | None = None,
    order_by: list[str] = (),
    float_tol: float = 1e-6,
) -> Check:
    want_columns, have_columns = expected["columns"], actual["columns"]
    if len(have_columns) != len(want_columns):
        return _fail(
            f"expected {len(want_columns)} columns ({', '.join(want_columns)}), got {len(have_columns)} "
            f"({', '.join(have_columns)})",
            expected,
            actual,
        )
    if required_columns is not None and [c.lower() for c in have_columns] != [c.lower() for c in required_columns]:
        return _fail(
            f"the columns must be named {', '.join(required_columns)}, in that order; got {', '.join(have_columns)}",
            expected,
            actual,
        )
    digits = max(0, round(-math.log10(float_tol))) if float_tol > 0 else 12
    kinds = [_column_kind(t) for t in expected.get("types") or []] or [None] * len(want_columns)
    want = [_normalise_row(r, kinds, digits) for r in expected["rows"]]
    have = [_normalise_row(r, kinds, digits) for r in actual["rows"]]
    missing, extra = _multiset_difference(want, have, float_tol)
    if missing or extra:
        message = f"expected {len(want)} rows, got {len(have)}" if len(want) != len(have) else "some rows differ"
        return Check(
            False,
            0.0,
            {
                "message": message,
                "columns": want_columns,
                "missing_rows": missing[:SHOWN_ROWS],
                "unexpected_rows": extra[:SHOWN_ROWS],
                "missing_count": len(missing),
                "unexpected_count": len(extra),
            },
        )
    if order_by:
        positions = [[c.lower() for c in want_columns].index(key.lower()) for key in order_by]
        want_keys = [[row[p] for p in positions] for row in want]
        have_keys = [[row[p] for p in positions] for row in have]
        for index, (w, h) in enumerate(zip(want_keys, have_keys)):
            if not _rows_close(w, h, float_tol):
                return Check(
                    False,
                    0.0,
                    {
                        "message": f"the rows are not in the required order "
                        f"(by {', '.join(order_by)}): row {index + 1} is out of place",
                        "columns": want_columns,
                    },
                )
    return Check(True, 1.0)


def _fail(message: str, expected: dict, actual: dict) -> Check:
    return Check(
        False, 0.0, {"message": message, "expected_columns": expected["columns"], "actual_columns": actual["columns"]}
    )


def _column_kind(engine_type: str) -> str | None:
    """What the reference's column type says about comparing values that engines spell differently."""
    upper = engine_type.upper()
    if upper == "BOOLEAN":
        return "boolean"
    if upper.startswith(("DATE", "TIMESTAMP")):
        return "temporal"
    return None


def _temporal(value):
    """An ISO date or timestamp in one spelling: UTC, a space before the time, a midnight timestamp as its date.

    Engines differ in what a truncated or cast date is (DuckDB's date_trunc of
    a DATE is a TIMESTAMP, BigQuery's a DATE) and SQLite has only text.
    """
    if not isinstance(value, str):
        return value
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
    if parsed.time() == dt.time(0):
        return parsed.date().isoformat()
    return parsed.isoformat(sep=" ")


def _normalise_value(value, digits: int, kind: str | None = None):
    if kind == "boolean" and type(value) is int and value in (0, 1):
        return bool(value)  # SQLite has no booleans
    if kind == "temporal":
        value = _temporal(value)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value  # exact: a BIGINT id must not lose digits to a float
    if isinstance(value, float):
        # 9 equals 9.0; a float is kept to the tolerance's precision for hashing.
        return int(value) if value.is_integer() and abs(value) < 2**53 else round(value, digits)
    if isinstance(value, dict) and set(value) == {"$float"}:
        return f"${value['$float']}"
    return json.dumps(value, sort_keys=True)


def _normalise_row(row, kinds: list, digits: int) -> tuple:
    return tuple(_normalise_value(v, digits, kind) for v, kind in zip(row, kinds))


PAIRING_BUDGET = 200_000  # row comparisons spent pairing near-misses, whatever the size of the results


def _multiset_difference(want: list[tuple], have: list[tuple], tol: float):
    """Rows missing and rows unexpected. Linear in the rows, plus a bounded search for near-misses.

    Rows are counted by a keyed digest of their values (judge.checkers.keyed), never by Python's own hash of
    them, which a query can make collide. Rounding can split two values within the tolerance, so leftover
    rows are paired up when close; only rows with the same non-numeric values can be (bucketed by a digest
    of those), and at most PAIRING_BUDGET comparisons are made: past that, leftovers stay unpaired, which
    only happens when very many rows differ anyway.
    """
    rows: dict[bytes, tuple] = {}
    wanted, had = Counter(), Counter()
    for source, counter in ((want, wanted), (have, had)):
        for row in source:
            key = _row_key(row)
            rows.setdefault(key, row)
            counter[key] += 1
    missing = [rows[key] for key in (wanted - had).elements()]
    extra = [rows[key] for key in (had - wanted).elements()]
    if not missing and not extra:
        return [], []
    buckets: dict[bytes, list[tuple]] = {}
    for row in extra:
        buckets.setdefault(_row_key(_text_part(row)), []).append(row)
    budget = PAIRING_BUDGET
    still_missing = []
    for row in missing:
        candidates = buckets.get(_row_key(_text_part(row)), [])
        match = None
        for i, other in enumerate(candidates):
            if budget <= 0:
                break
            budget -= 1
            if _rows_close(row, other, tol):
                match = i
                break
        if match is None:
            still_missing.append(row)
        else:
            candidates.pop(match)
    leftover_extra = [row for rows in buckets.values() for row in rows]
    return [list(r) for r in still_missing], [list(r) for r in leftover_extra]


def _row_key(row: tuple) -> bytes:
    """Equal for rows Python calls equal (True and 1, as a tuple compares them; 9 and 9.0 are both 9 by now)."""
    return digest(repr(tuple(int(v) if type(v) is bool else v for v in row)))


def _text_part(row: tuple) -> tuple:
    """What two rows must share to be close: everything but their numbers, and their length."""
    return (len(row),) + tuple(None if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in row)


def _rows_close(a, b, tol: float) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if isinstance(x, int) and isinstance(y, int):
            if x != y:  # integers (and booleans) are exact, whatever the float tolerance
                return False
        elif (
            isinstance(x, (int, float))
            and isinstance(y, (int, float))
            and not isinstance(x, bool)
            and not isinstance(y, bool)
        ):
            try:
                if not math.isclose(x, y, abs_tol=tol, rel_tol=tol):
                    return False
            except OverflowError:
                return False
        elif x != y:
            return False
    return True
