"""Mutants of a SQL reference, made on sqlglot's tree in the reference's own dialect.

The operators are the mistakes a candidate makes in SQL: another ranking function (ROW_NUMBER, RANK,
DENSE_RANK), a comparison off by one, another join, a DISTINCT dropped (in SELECT or inside COUNT), the
other sort direction, one condition of a WHERE or HAVING dropped, and a constant off by one.
"""

from __future__ import annotations

from typing import Callable, Iterator

import sqlglot
from sqlglot import exp

from judge.mutation import Mutant

RANKING = [exp.RowNumber, exp.Rank, exp.DenseRank]
COMPARE = {exp.LT: exp.LTE, exp.LTE: exp.LT, exp.GT: exp.GTE, exp.GTE: exp.GT, exp.EQ: exp.NEQ, exp.NEQ: exp.EQ}
JOINS = {"": "LEFT", "INNER": "LEFT", "LEFT": "INNER", "RIGHT": "INNER", "FULL": "INNER"}


def sql_mutants(source: str, dialect: str) -> list[Mutant]:
    tree = sqlglot.parse_one(source, read=dialect)
    nodes = list(tree.walk())
    found: dict[str, Mutant] = {}
    seen: dict[str, int] = {}
    for index, node in enumerate(nodes):
        for operator, label, change in _changes(node):
            mutated = tree.copy()
            target = list(mutated.walk())[index]
            try:
                change(target, mutated)
                text = mutated.sql(dialect=dialect, pretty=True)
            except Exception:  # noqa: BLE001 - an operator that does not fit this node makes no mutant
                continue
            key = f"{operator}:{label}"
            seen[key] = seen.get(key, 0) + 1
            mutant_id = f"{key}#{seen[key]}"
            found.setdefault(mutant_id, Mutant(mutant_id, f"{operator}: {label} (occurrence {seen[key]})", text))
    return list(found.values())


Change = Callable[[exp.Expression, exp.Expression], None]


def _changes(node: exp.Expression) -> Iterator[tuple[str, str, Change]]:
    for kind in RANKING:
        if type(node) is kind:
            for other in RANKING:
                if other is not kind:
                    yield (
                        "ranking",
                        f"{kind.__name__} to {other.__name__}",
                        lambda n, _, other=other: n.replace(other()),
                    )
    if type(node) in COMPARE:
        new = COMPARE[type(node)]
        yield (
            "compare",
            f"{node.sql()} with {new.__name__}",
            lambda n, _, new=new: n.replace(new(this=n.this.copy(), expression=n.expression.copy())),
        )
    if isinstance(node, exp.Join):
        side = (node.side or node.kind or "").upper()
        if side in JOINS and node.args.get("on") is not None:
            new = JOINS[side]
            yield "join", f"{side or 'JOIN'} to {new}", lambda n, _, new=new: _set_join(n, new)
    if isinstance(node, exp.Distinct) and isinstance(node.parent, exp.Select):
        yield "distinct", "SELECT DISTINCT to SELECT", lambda n, _: n.pop()
    if isinstance(node, exp.Count) and isinstance(node.this, exp.Distinct):
        yield "distinct", f"{node.sql()} without DISTINCT", lambda n, _: n.set("this", n.this.expressions[0].copy())
    if isinstance(node, exp.Ordered):
        yield "order", f"{node.sql()} the other way", lambda n, _: n.set("desc", not n.args.get("desc"))
    if isinstance(node, (exp.Where, exp.Having)) and isinstance(node.this, exp.And):
        for i, condition in enumerate(_conjuncts(node.this)):
            yield "condition", f"drop {condition.sql()}", lambda n, _, i=i: _drop_conjunct(n, i)
    if isinstance(node, exp.Literal) and not node.is_string:
        for delta in (1, -1):
            yield (
                "constant",
                f"{node.this} to {_number(node.this) + delta}",
                lambda n, _, d=delta: n.replace(exp.Literal.number(_number(n.this) + d)),
            )


def _set_join(join: exp.Join, side: str) -> None:
    join.set("kind", None)
    join.set("side", None if side == "INNER" else side)
    if side == "INNER":
        join.set("kind", "INNER")


def _conjuncts(condition: exp.Expression) -> list[exp.Expression]:
    return list(condition.flatten()) if isinstance(condition, exp.And) else [condition]


def _drop_conjunct(clause: exp.Expression, index: int) -> None:
    kept = [c.copy() for i, c in enumerate(_conjuncts(clause.this)) if i != index]
    clause.set("this", exp.and_(*kept) if len(kept) > 1 else kept[0])


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value
