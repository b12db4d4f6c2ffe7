"""Public examples in a rendered statement come from the data: records as tables, other values as JSON."""

from __future__ import annotations

import pytest

from judge.problems.loader import load_problem
from judge.problems.render import MAX_ROWS, render_statement
from tests.conftest import FIXTURES

TRACKS = [{"track_id": "t1", "title": "Paper | Lanterns", "isrc": None},
          {"track_id": "t2", "title": "Golden Hour", "isrc": "QZAB11900001"}]


@pytest.fixture(scope="module")
def problem():
    return load_problem(FIXTURES / "add-canary")


@pytest.mark.parametrize("example, present, absent", [
    ({"args": [TRACKS]},
     ["solve(arg1)", "`arg1`, 2 records:", "| track_id | title | isrc |", "| t1 | Paper \\| Lanterns | None |",
      "| t2 | Golden Hour | QZAB11900001 |"], ['"track_id"']),
    ({"args": [[1, 2]], "kwargs": {"tracks": TRACKS}, "expected": 3},
     ["solve([1, 2], tracks=tracks)", "`tracks`, 2 records:", "# returns 3"], []),
    ({"args": [3], "expected": [{"user": 1, "score": 0.5}]},
     ["solve(3)", "# returns result", "`result`, 1 records:", "| 1 | 0.5 |"], []),
    # not records: keys differ, values nest, or nothing to tabulate
    ({"args": [[{"a": 1}, {"b": 2}]]}, ['solve([{"a": 1}, {"b": 2}])'], ["records:"]),
    ({"args": [[{"a": [1, 2]}]]}, ['solve([{"a": [1, 2]}])'], ["records:"]),
    ({"args": [[]]}, ["solve([])"], ["records:"]),
])
def test_python_examples(problem, example, present, absent):
    markdown = render_statement(problem, [{"name": "examples/01", "group": "examples", **example}])
    section = markdown[markdown.index("## Public examples"):]
    for text in present:
        assert text in section
    for text in absent:
        assert text not in section


def test_long_record_lists_are_cut_with_a_count(problem):
    records = [{"i": i} for i in range(MAX_ROWS + 5)]
    markdown = render_statement(problem, [{"name": "examples/01", "group": "examples", "args": [records]}])
    assert f"| {MAX_ROWS - 1} |" in markdown and f"| {MAX_ROWS} |" not in markdown
    assert "*… and 5 more rows*" in markdown


def test_the_limits_say_what_cpu_time_and_wall_time_are(problem):
    # add-canary: 1 s of CPU time, so 3 s of wall time; a time limit exceeded names the one that was reached.
    limits = render_statement(problem, [])
    limits = limits[limits.index("## Limits"):]
    assert "1 s of **CPU time**, the time your code spends computing" in limits
    assert "3 s of **wall time**, the time on the clock less any time the machine kept your code waiting" in limits
    assert "says which of the two was reached, with both figures" in limits
