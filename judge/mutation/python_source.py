"""Mutants of a Python reference, made on its syntax tree: each changes one node and is unparsed again.

The operators are the mistakes a candidate makes: a comparison off by one (`<` for `<=`), another arithmetic
operator, a constant off by one, a slice bound moved, `min` for `max`, the natural logarithm for `log2`, a
sort in the other order, `and` for `or`, and a guard clause dropped.
"""

from __future__ import annotations

import ast
import copy
from typing import Iterator

from judge.mutation import Mutant

COMPARE = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
ARITHMETIC = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
}
NAMES = {"min": "max", "max": "min", "log2": "log", "log": "log2", "any": "all", "all": "any"}
SYMBOL = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
    ast.And: "and",
    ast.Or: "or",
}


def python_mutants(source: str) -> list[Mutant]:
    tree = ast.parse(source)
    found: dict[str, Mutant] = {}
    for index, node in enumerate(ast.walk(tree)):
        for operator, label, change in _changes(node):
            mutated = copy.deepcopy(tree)
            target = list(ast.walk(mutated))[index]
            change(target)
            try:
                text = ast.unparse(ast.fix_missing_locations(mutated)) + "\n"
                compile(text, "mutant.py", "exec")
            except (SyntaxError, ValueError, TypeError):
                continue
            line, column = getattr(node, "lineno", 0), getattr(node, "col_offset", 0)
            mutant_id = f"{operator}:{line}:{column}:{label}"
            found.setdefault(mutant_id, Mutant(mutant_id, f"line {line}: {operator} ({label})", text))
    return list(found.values())


def _changes(node: ast.AST) -> Iterator[tuple[str, str, object]]:
    """(operator, what it becomes, a function that changes the copied node) for each mutant of this node."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in COMPARE:
                new = COMPARE[type(op)]
                yield "compare", f"{SYMBOL[type(op)]} to {SYMBOL[new]}", _set_op(i, new)
    elif isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in ARITHMETIC:
        new = ARITHMETIC[type(node.op)]
        yield "arithmetic", f"{SYMBOL[type(node.op)]} to {SYMBOL[new]}", lambda n, new=new: setattr(n, "op", new())
    elif isinstance(node, ast.BoolOp):
        new = ast.Or if isinstance(node.op, ast.And) else ast.And
        yield "boolean", f"{SYMBOL[type(node.op)]} to {SYMBOL[new]}", lambda n, new=new: setattr(n, "op", new())
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float) and not isinstance(node.value, bool):
        for delta in (1, -1):
            yield (
                "constant",
                f"{node.value!r} to {node.value + delta!r}",
                lambda n, d=delta: setattr(n, "value", n.value + d),
            )
    elif isinstance(node, ast.Slice):
        for field in ("lower", "upper"):
            bound = getattr(node, field)
            if bound is not None:
                yield (
                    "slice",
                    f"{field} bound + 1",
                    lambda n, f=field: setattr(n, f, ast.BinOp(getattr(n, f), ast.Add(), ast.Constant(1))),
                )
    elif isinstance(node, ast.Call):
        name = _called_name(node)
        if name in NAMES:
            yield "call", f"{name} to {NAMES[name]}", lambda n, new=NAMES[name]: _rename_call(n, new)
        if name == "sorted" or (isinstance(node.func, ast.Attribute) and node.func.attr == "sort"):
            yield "sort", "the other order", _flip_sort
    elif isinstance(node, ast.If) and _is_guard(node):
        yield "guard", "dropped", lambda n: setattr(n, "test", ast.Constant(False))


def _set_op(i: int, new: type):
    def change(node: ast.Compare) -> None:
        node.ops[i] = new()

    return change


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _rename_call(call: ast.Call, new: str) -> None:
    if isinstance(call.func, ast.Name):
        call.func.id = new
    else:
        call.func.attr = new


def _flip_sort(call: ast.Call) -> None:
    for keyword in call.keywords:
        if keyword.arg == "reverse":
            keyword.value = ast.UnaryOp(ast.Not(), keyword.value)
            return
    call.keywords.append(ast.keyword(arg="reverse", value=ast.Constant(True)))


def _is_guard(node: ast.If) -> bool:
    """An `if` without else whose body only leaves: return, continue, break or raise."""
    return not node.orelse and all(isinstance(s, (ast.Return, ast.Continue, ast.Break, ast.Raise)) for s in node.body)
