"""judge.checkers.sql_rows: query results compared as multisets of rows, ordered only on ORDER BY keys."""

from __future__ import annotations

import json
import time

import pytest

from judge.checkers import sql_rows
from judge.checkers.sql_rows import SHOWN_ROWS, compare_results
from judge.grading import CHECK_CPU_BUDGET_S


def result(columns, *rows):
    return {"columns": list(columns), "rows": [list(row) for row in rows]}


NAN = {"$float": "nan"}


@pytest.mark.parametrize(
    "actual, expected, passed",
    [
        (result(["a", "b"], (1, "x"), (2, "y")), result(["a", "b"], (1, "x"), (2, "y")), True),
        (result(["a", "b"], (2, "y"), (1, "x")), result(["a", "b"], (1, "x"), (2, "y")), True),  # any order
        (result(["a"]), result(["a"]), True),  # both empty
        (result(["a"], (1,)), result(["a"]), False),
        (result(["a"], (1,), (1,)), result(["a"], (1,)), False),  # duplicates count
        (result(["a"], (1,), (2,), (2,)), result(["a"], (1,), (1,), (2,)), False),
        (result(["a"], (3.0,)), result(["a"], (3,)), True),  # DOUBLE 3.0 equals INTEGER 3
        (result(["a"], (0.1 + 0.2,)), result(["a"], (0.3,)), True),
        (result(["a"], (0.1234565,)), result(["a"], (0.1234564,)), True),  # rounding splits them: still paired
        (result(["a"], (0.5,)), result(["a"], (0.6,)), False),
        (result(["a"], (None,)), result(["a"], (0,)), False),
        (result(["a"], (None,)), result(["a"], (None,)), True),
        (result(["a"], ("1",)), result(["a"], (1,)), False),
        (result(["a"], ("",)), result(["a"], (None,)), False),
        (result(["a"], (NAN,)), result(["a"], (NAN,)), True),
        (result(["a"], (NAN,)), result(["a"], (None,)), False),
        (result(["a"], ([1, 2],)), result(["a"], ([1, 2],)), True),  # LIST values compared as JSON
        (result(["a"], ([2, 1],)), result(["a"], ([1, 2],)), False),
        (result(["a"], ({"k": 1, "j": 2},)), result(["a"], ({"j": 2, "k": 1},)), True),
        (result(["id"], (2**53 + 1,)), result(["id"], (2**53,)), False),  # BIGINT ids keep every digit
        (result(["n"], (1_000_001,)), result(["n"], (1_000_000,)), False),  # counts are exact despite rel tol
        (result(["n"], (10**40,)), result(["n"], (10**40,)), True),
        (result(["x"], (1e20,)), result(["x"], (1e20 + 1e5,)), True),  # relative tolerance for large floats
    ],
)
def test_rows_as_multisets(actual, expected, passed):
    check = compare_results(actual, expected)
    assert check.passed is passed
    assert check.score == (1.0 if passed else 0.0)


def test_float_tolerance_is_configurable():
    expected, actual = result(["x"], (1.0,)), result(["x"], (1.01,))
    assert not compare_results(actual, expected).passed
    assert compare_results(actual, expected, float_tol=0.1).passed
    assert not compare_results(result(["x"], (1.0 + 1e-12,)), expected, float_tol=0).passed
    assert compare_results(result(["x"], (1.0,)), expected, float_tol=0).passed


def test_column_count_mismatch_names_both_sides():
    check = compare_results(result(["a"], (1,)), result(["a", "b"], (1, 2)))
    assert not check.passed
    assert check.feedback["message"] == "expected 2 columns (a, b), got 1 (a)"
    assert check.feedback["expected_columns"] == ["a", "b"]
    assert check.feedback["actual_columns"] == ["a"]


@pytest.mark.parametrize(
    "have, passed",
    [
        (["user_id", "plays"], True),
        (["USER_ID", "Plays"], True),  # names are case-insensitive
        (["plays", "user_id"], False),  # but ordered
        (["user_id", "n"], False),
    ],
)
def test_required_columns(have, passed):
    expected = result(["user_id", "plays"], (1, 2))
    actual = {"columns": have, "rows": [[1, 2]] if have[0].lower() == "user_id" else [[2, 1]]}
    check = compare_results(actual, expected, required_columns=["user_id", "plays"])
    assert check.passed is passed
    if not passed:
        assert check.feedback["message"].startswith("the columns must be named user_id, plays, in that order")


def test_column_names_are_ignored_without_required_columns():
    assert compare_results(result(["x", "y"], (1, 2)), result(["a", "b"], (1, 2))).passed


def test_differing_rows_are_reported_with_counts():
    check = compare_results(result(["a", "b"], (1, "x"), (3, "z")), result(["a", "b"], (1, "x"), (2, "y")))
    assert not check.passed
    assert check.feedback == {
        "message": "some rows differ",
        "columns": ["a", "b"],
        "missing_rows": [[2, "y"]],
        "unexpected_rows": [[3, "z"]],
        "missing_count": 1,
        "unexpected_count": 1,
    }


def test_row_count_mismatch_message():
    check = compare_results(result(["a"], (1,), (2,), (3,)), result(["a"], (1,), (2,)))
    assert check.feedback["message"] == "expected 2 rows, got 3"
    assert check.feedback["unexpected_rows"] == [[3]]
    assert check.feedback["missing_rows"] == []


def test_shown_rows_are_capped_but_counted():
    expected = result(["a"], *[(i,) for i in range(20)])
    check = compare_results(result(["a"]), expected)
    assert len(check.feedback["missing_rows"]) == SHOWN_ROWS
    assert check.feedback["missing_count"] == 20


ORDERED = result(["name", "plays"], ("ann", 3), ("bob", 2), ("cid", 2), ("dan", 1))


@pytest.mark.parametrize(
    "rows, order_by, passed, fragment",
    [
        ([("ann", 3), ("bob", 2), ("cid", 2), ("dan", 1)], ["plays"], True, None),
        ([("ann", 3), ("cid", 2), ("bob", 2), ("dan", 1)], ["plays"], True, None),  # ties in any order
        ([("ann", 3), ("cid", 2), ("bob", 2), ("dan", 1)], ["PLAYS"], True, None),
        ([("dan", 1), ("bob", 2), ("cid", 2), ("ann", 3)], ["plays"], False, "row 1 is out of place"),
        ([("ann", 3), ("bob", 2), ("dan", 1), ("cid", 2)], ["plays"], False, "row 3 is out of place"),
        ([("ann", 3), ("cid", 2), ("bob", 2), ("dan", 1)], ["plays", "name"], False, "row 2 is out of place"),
        ([("dan", 1), ("cid", 2), ("bob", 2), ("ann", 3)], [], True, None),  # no ORDER BY: any order
    ],
)
def test_order_by(rows, order_by, passed, fragment):
    check = compare_results(result(["name", "plays"], *rows), ORDERED, order_by=order_by)
    assert check.passed is passed
    if not passed:
        assert fragment in check.feedback["message"]
        assert "the rows are not in the required order" in check.feedback["message"]


def test_order_is_checked_within_float_tolerance():
    expected = result(["x"], (0.1234564,), (0.5,))
    assert compare_results(result(["x"], (0.1234565,), (0.5,)), expected, order_by=["x"]).passed


def test_wrong_rows_are_reported_before_wrong_order():
    check = compare_results(result(["name", "plays"], ("dan", 1)), ORDERED, order_by=["plays"])
    assert check.feedback["message"] == "expected 4 rows, got 1"


def typed(columns, types, *rows):
    return {"columns": list(columns), "types": list(types), "rows": [list(row) for row in rows]}


# Values engines spell differently, normalised by the reference's column type.
@pytest.mark.parametrize(
    "actual, expected, passed",
    [
        (result(["b"], (1,), (0,)), typed(["b"], ["BOOLEAN"], (True,), (False,)), True),  # SQLite has no booleans
        (result(["b"], (0,)), typed(["b"], ["BOOLEAN"], (True,)), False),
        (result(["b"], (2,)), typed(["b"], ["BOOLEAN"], (True,)), False),
        (result(["n"], (True,)), typed(["n"], ["INTEGER"], (1,)), True),  # Python: True == 1; kept as before
        (result(["d"], ("2024-03-01",)), typed(["d"], ["DATE"], ("2024-03-01",)), True),
        (result(["d"], ("2024-03-01 00:00:00",)), typed(["d"], ["DATE"], ("2024-03-01",)), True),  # date_trunc
        (result(["d"], ("2024-03-01",)), typed(["d"], ["TIMESTAMP"], ("2024-03-01 00:00:00",)), True),
        (result(["d"], ("2024-03-01 10:00:00",)), typed(["d"], ["DATE"], ("2024-03-01",)), False),  # not a date
        (result(["t"], ("2024-03-01T10:00:00",)), typed(["t"], ["TIMESTAMP"], ("2024-03-01 10:00:00",)), True),
        (
            result(["t"], ("2024-03-01 12:00:00+02:00",)),
            typed(["t"], ["TIMESTAMP WITH TIME ZONE"], ("2024-03-01 10:00:00",)),
            True,
        ),  # UTC
        (result(["t"], ("2024-03-01 10:00:01",)), typed(["t"], ["TIMESTAMP"], ("2024-03-01 10:00:00",)), False),
        (result(["t"], ("2024-03-01 10:00:00.000",)), typed(["t"], ["TIMESTAMP"], ("2024-03-01 10:00:00",)), True),
        (result(["s"], ("2024-03-01 00:00:00",)), typed(["s"], ["VARCHAR"], ("2024-03-01",)), False),  # text is text
        (result(["d"], ("not a date",)), typed(["d"], ["DATE"], ("2024-03-01",)), False),
        (result(["d"], (None,)), typed(["d"], ["DATE"], (None,)), True),  # NULL equals NULL
        (result(["a", "b"]), typed(["a", "b"], ["INTEGER", "DATE"], (None, None)), False),  # empty is not a NULL row
        (result(["a", "b"], (None, None)), typed(["a", "b"], ["INTEGER", "DATE"]), False),
    ],
)
def test_values_normalised_by_the_reference_type(actual, expected, passed):
    assert compare_results(actual, expected).passed is passed


def _counting_closeness(monkeypatch) -> list[int]:
    calls = [0]
    real = sql_rows._rows_close

    def counted(a, b, tol):
        calls[0] += 1
        return real(a, b, tol)

    monkeypatch.setattr(sql_rows, "_rows_close", counted)
    return calls


def test_comparing_a_large_wrong_result_is_bounded(monkeypatch):
    # The hostile-submission finding: every missing row was tried against every unexpected one, so 20k wrong
    # rows cost 4e8 comparisons (26.6 s of worker time). The pairing of near-misses now has a fixed budget.
    calls = _counting_closeness(monkeypatch)
    expected = {"columns": ["a", "b"], "types": ["INTEGER", "DOUBLE"], "rows": [[i, i * 0.5] for i in range(20000)]}
    actual = {"columns": ["a", "b"], "rows": [[i, i * 0.5 + 1] for i in range(20000)]}
    check = compare_results(actual, expected)
    assert not check.passed and check.feedback["missing_count"] == 20000
    assert calls[0] <= sql_rows.PAIRING_BUDGET


def test_near_misses_split_by_rounding_are_still_paired(monkeypatch):
    # 1.1234565 and 1.1234574 round apart at 6 digits but are within the tolerance: the same row.
    calls = _counting_closeness(monkeypatch)
    expected = {
        "columns": ["name", "x"],
        "types": ["VARCHAR", "DOUBLE"],
        "rows": [[f"n{i}", 1.1234565 + i] for i in range(300)],
    }
    actual = {"columns": ["name", "x"], "rows": [[f"n{i}", 1.1234574 + i] for i in range(300)]}
    assert compare_results(actual, expected, float_tol=1e-6).passed
    assert calls[0] <= 300  # each row meets only the rows with its own name


# --- round two, finding 2: counting rows by Python's hash was quadratic on rows built to collide -------------

MERSENNE_61 = 2**61 - 1  # hash(k * MERSENNE_61) == 0 for every int k: all such rows share one bucket


def colliding_rows(size_bytes: int) -> list[list[int]]:
    rows, used, k = [], 0, 1
    while used < size_bytes:
        row = [k * MERSENNE_61, -k * MERSENNE_61]
        rows.append(row)
        used += len(json.dumps(row)) + 2
        k += 1
    return rows


def cpu_of(actual_rows, expected_rows, repeats: int = 3) -> float:
    """The least CPU time of a few checks: a busy machine stretches CPU time too (shared caches and cores), by
    a different amount each time; the least is the check's own cost."""
    spent = []
    for _ in range(repeats):
        started = time.thread_time()
        check = compare_results(
            {"columns": ["a", "b"], "rows": actual_rows}, {"columns": ["a", "b"], "rows": expected_rows}
        )
        spent.append(time.thread_time() - started)
        assert not check.passed  # every row differs from the reference's
    return min(spent)


def test_the_checker_is_linear_on_rows_built_to_collide_at_the_largest_output_limit():
    largest = 4096 * 1024  # the bank's largest output_kb
    full = colliding_rows(largest)
    quarter = full[: len(full) // 4]
    assert len(set(map(hash, map(tuple, full)))) == 1  # they do all collide, for Python
    expected = [[1, 2]] * 10
    small, large = cpu_of(quarter, expected), cpu_of(full, expected)
    # Linear: four times the rows, about four times the time (quadratic would be sixteen).
    assert large < 8 * small + 0.2, (small, large)
    assert large < CHECK_CPU_BUDGET_S / 4, large  # far inside the check's budget per submission
    # And the reference side: the same rows expected, the same bound.
    assert cpu_of(expected, full) < 8 * cpu_of(expected, quarter) + 0.2
