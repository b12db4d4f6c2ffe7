"""Mutants of a Python reference: each operator makes the mistake it names, once per place, and every
mutant is valid Python that differs from the reference."""

from __future__ import annotations

import ast

from judge.mutation.python_source import python_mutants

SOURCE = """
import math


def score(values, k):
    if not values:
        return 0.0
    top = sorted(values)[:k]
    best = max(top)
    total = sum(v * 2 for v in top if v >= 1 and v != 3)
    return total / len(top) + math.log2(best)
"""


def by_operator(mutants) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for mutant in mutants:
        found.setdefault(mutant.id.split(":")[0], []).append(mutant.id.split(":", 3)[3])
    return found


def test_every_operator_applies_where_it_should():
    found = by_operator(python_mutants(SOURCE))
    assert sorted(found["compare"]) == ["!= to ==", ">= to >"]
    assert sorted(found["arithmetic"]) == ["* to /", "+ to -", "/ to *"]
    assert found["boolean"] == ["and to or"]
    assert found["guard"] == ["dropped"]
    assert found["sort"] == ["the other order"]
    assert sorted(found["call"]) == ["log2 to log", "max to min"]
    assert found["slice"] == ["upper bound + 1"]
    assert sorted(found["constant"]) == [
        "0.0 to -1.0",
        "0.0 to 1.0",
        "1 to 0",
        "1 to 2",
        "2 to 1",
        "2 to 3",
        "3 to 2",
        "3 to 4",
    ]


def test_mutants_are_valid_distinct_and_named_stably():
    mutants = python_mutants(SOURCE)
    assert len({m.id for m in mutants}) == len(mutants) > 15
    reference = ast.dump(ast.parse(SOURCE))
    for mutant in mutants:
        assert ast.dump(ast.parse(mutant.source)) != reference, mutant.id
    assert [m.id for m in python_mutants(SOURCE)] == [m.id for m in mutants]


def test_a_constant_mutant_changes_exactly_that_constant():
    mutants = {m.id: m for m in python_mutants("def f(x):\n    return x + 3\n")}
    assert set(mutants) >= {"constant:2:15:3 to 4", "constant:2:15:3 to 2", "arithmetic:2:11:+ to -"}
    namespace: dict = {}
    exec(mutants["constant:2:15:3 to 4"].source, namespace)
    assert namespace["f"](1) == 5
