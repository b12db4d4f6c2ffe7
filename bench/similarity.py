"""How well the similarity report tells copies from work written apart, against copydetect, and what it costs.

    python bench/similarity.py [--rounds 20] [--markdown]

Originals: for three SQL and three Python problems of the bank, the problem's reference and three correct
solutions written apart for this benchmark (bench/similarity_solutions, each accepted by its problem:
tests/bench/test_similarity_solutions.py).

Copies: each original disguised at the six levels of Faidhi and Robinson (1987), one level at a time, by the
transformations below (on the syntax tree, so that every copy still parses):
  1 layout   - SQL: one line per clause, keywords lower-cased, comments replaced; Python: two-space indents,
               blank lines, comments and docstrings changed
  2 rename   - every alias, CTE, local, argument and helper renamed (schema names and outputs kept)
  3 reorder  - operands of = and AND swapped, GROUP BY and PARTITION BY and independent CTEs reordered;
               Python: top-level definitions reversed, commutative operands swapped
  4 restructure - CTEs inlined as derived tables (or derived tables lifted to CTEs); Python: comprehensions
               to loops and back, sum() to an accumulator, conditional returns to if/else, and nested calls
               and arithmetic lifted into temporaries
  5 dead code - an unused CTE, `AND 1 = 1`; Python: an unused helper, unused stores, `if False:` blocks
  6 port     - SQL: sqlglot.transpile to PostgreSQL, MySQL, BigQuery, Snowflake, SQLite and T-SQL (six copies);
               Python: logic changes (for to while, `x += y` to `x = x + y`, comparisons turned around)
  1-3 ... 1-6 - levels 1 to n applied together, as a copier who tries harder would (1-6 for SQL: six ports)

Pairs, per problem: a positive is an original and a copy of it; a negative is a copy (or an original) and a
different original of the same problem, written apart. Scored by this judge's report (the problem's starter
excluded, every original and copy as the problem's history) and by copydetect 0.5.0 (its defaults: noise 25,
guarantee 30; the starter as boilerplate), each pair's score the larger of its two containments.

Recall at 1% false positives: the share of positives scoring above the score that at most 1% of negatives
reach (with fewer than 100 negatives, above every negative). ROC AUC counts ties as half.

Cost: fingerprinting the bank's largest reference of each language (median over rounds), and comparing one new
submission with 1,000 stored ones.
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import logging

import sqlglot
from sqlglot import exp
from sqlglot.optimizer.eliminate_subqueries import eliminate_subqueries
from sqlglot.tokenizer_core import TokenType

logging.getLogger("sqlglot").setLevel(logging.ERROR)  # a port's "not supported" notes are not the table
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from judge.problems.loader import resolve_problem  # noqa: E402
from judge.service.similarity import context_for  # noqa: E402
from judge.similarity import compare  # noqa: E402
from judge.similarity.fingerprint import fingerprint  # noqa: E402
from judge.similarity.python import NEGATION  # noqa: E402

BANK = REPO / "problems"
SOLUTIONS = REPO / "bench" / "similarity_solutions"
PROBLEMS = {
    "sql": ["third-unique-song", "top-artists-by-country", "dau-drop-diagnosis"],
    "python": ["ndcg-at-k", "recsys-metrics", "discover-weekly"],
}
LEVELS = ["1 layout", "2 rename", "3 reorder", "4 restructure", "5 dead code", "6 port", "1-3", "1-4", "1-5", "1-6"]
PORTS = ["postgres", "mysql", "bigquery", "snowflake", "sqlite", "tsql"]
COPYDETECT = {"k": 25, "win_size": 6}  # copydetect's own defaults: noise threshold 25, guarantee threshold 30


@dataclass(frozen=True)
class Item:
    problem: str
    original: str  # the original's name: a copy's, its source's
    level: str | None  # None: an original
    text: str
    dialect: str | None


# --- SQL disguises --------------------------------------------------------------------------------------


def _parse(text: str) -> exp.Expr:
    tree = sqlglot.parse_one(text, read="duckdb")
    for node in tree.walk():
        node.comments = None
    return tree


def _lower_keywords(text: str) -> str:
    out, last = [], 0
    for tok in sqlglot.tokenize(text, read="duckdb"):
        if tok.token_type not in (TokenType.VAR, TokenType.IDENTIFIER, TokenType.STRING, TokenType.NUMBER):
            out.append(text[last : tok.start] + text[tok.start : tok.end + 1].lower())
        else:
            out.append(text[last : tok.end + 1])
        last = tok.end + 1
    return "".join(out) + text[last:]


def sql_layout(text: str) -> list[tuple[str, str | None]]:
    flat = _parse(text).sql(dialect="duckdb")
    for word in (" FROM ", " WHERE ", " GROUP BY ", " HAVING ", " JOIN ", " UNION "):
        flat = flat.replace(word, "\n" + word.strip() + " ")
    return [("-- final version, checked against the examples\n" + _lower_keywords(flat) + "\n-- end\n", "duckdb")]


def _schema_names(problem: str) -> set[str]:
    schema = context_for(resolve_problem(problem, BANK)).schema
    return {t.lower() for t in schema} | {c.lower() for cols in schema.values() for c in cols}


def sql_rename(text: str, problem: str) -> list[tuple[str, str | None]]:
    tree = _parse(text)
    keep = _schema_names(problem) | {s.alias_or_name.lower() for s in tree.selects}
    names = [c.alias for c in tree.find_all(exp.CTE)] + [a.name for a in tree.find_all(exp.TableAlias)]
    names += [a.alias for a in tree.find_all(exp.Alias)]
    fresh = ["base_rows", "agg1", "tmp_x", "qq", "zz", "step_b", "w1", "part_c", "hh", "v9", "kk", "lst", "mm"]
    mapping: dict[str, str] = {}
    for name in names:
        if name and name.lower() not in keep and name.lower() not in mapping:
            mapping[name.lower()] = fresh[len(mapping) % len(fresh)] + (
                "" if len(mapping) < len(fresh) else str(len(mapping))
            )
    for ident in tree.find_all(exp.Identifier):
        if ident.name.lower() in mapping:
            ident.set("this", mapping[ident.name.lower()])
    return [(tree.sql(dialect="duckdb", pretty=True), "duckdb")]


def _references(node: exp.Expr) -> set[str]:
    return {t.name.lower() for t in node.find_all(exp.Table)}


def sql_reorder(text: str) -> list[tuple[str, str | None]]:
    tree = _parse(text)

    def turn(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.EQ):
            return exp.EQ(this=node.expression, expression=node.this)
        if isinstance(node, exp.And):
            return exp.And(this=node.expression, expression=node.this)
        if isinstance(node, exp.Group):
            node.set("expressions", list(reversed(node.expressions)))
        if isinstance(node, exp.Window) and node.args.get("partition_by"):
            node.set("partition_by", list(reversed(node.args["partition_by"])))
        return node

    tree = tree.transform(turn)
    with_ = tree.find(exp.With)
    if with_ is not None:
        ctes = list(with_.expressions)
        if not any(_references(c.this) & {d.alias.lower() for d in ctes} for c in ctes):
            with_.set("expressions", list(reversed(ctes)))
    return [(tree.sql(dialect="duckdb", pretty=True), "duckdb")]


def sql_restructure(text: str) -> list[tuple[str, str | None]]:
    tree = _parse(text)
    with_ = tree.find(exp.With)
    if with_ is None:
        return [(eliminate_subqueries(tree).sql(dialect="duckdb", pretty=True), "duckdb")]
    bodies = {c.alias.lower(): c.this for c in with_.expressions}
    with_.pop()
    for _ in range(len(bodies) + 1):  # a CTE may use another: inline until none is left
        tables = [t for t in tree.find_all(exp.Table) if t.name.lower() in bodies and not t.args.get("db")]
        if not tables:
            break
        for table in tables:
            alias = table.alias or table.name
            table.replace(
                exp.Subquery(
                    this=bodies[table.name.lower()].copy(), alias=exp.TableAlias(this=exp.to_identifier(alias))
                )
            )
    return [(tree.sql(dialect="duckdb", pretty=True), "duckdb")]


def sql_dead(text: str, problem: str) -> list[tuple[str, str | None]]:
    tree = _parse(text)
    table = sorted(context_for(resolve_problem(problem, BANK)).schema)[0]
    where = tree.args.get("where")
    truth = sqlglot.condition("1 = 1")
    tree.set("where", exp.Where(this=exp.and_(where.this, truth) if where else truth))
    unused = f"sanity_check AS (SELECT COUNT(*) AS n_rows FROM {table})"
    body = tree.sql(dialect="duckdb", pretty=True)
    if tree.find(exp.With) is not None:
        body = re.sub(r"^WITH ", f"WITH {unused}, ", body, count=1)
    else:
        body = f"WITH {unused}\n{body}"
    return [(body, "duckdb")]


def sql_port(text: str) -> list[tuple[str, str | None]]:
    return [(sqlglot.transpile(text, read="duckdb", write=d, pretty=True)[0], d) for d in PORTS]


def sql_upto(level: int) -> Callable[[str, str], list[tuple[str, str | None]]]:
    """Levels 1 to `level` together: 2 to 5 on the tree, then each port (from level 6), then the layout's
    keyword case and comments on the text."""

    def disguise(text: str, problem: str) -> list[tuple[str, str | None]]:
        step = text
        for n, one in ((2, lambda t: sql_rename(t, problem)), (3, sql_reorder), (4, sql_restructure)):
            if level >= n:
                step = one(step)[0][0]
        if level >= 5:
            step = sql_dead(step, problem)[0][0]
        made = sql_port(step) if level >= 6 else [(step, "duckdb")]
        return [("-- v2, my own\n" + ported.lower() + "\n", dialect) for ported, dialect in made]

    return disguise


# --- Python disguises -----------------------------------------------------------------------------------


def _entries(problem: str) -> frozenset[str]:
    return context_for(resolve_problem(problem, BANK)).entries


def py_layout(text: str) -> list[tuple[str, str | None]]:
    tree = ast.parse(text)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body[0] = ast.Expr(ast.Constant("Worked out on paper first."))
    lines = []
    for line in ast.unparse(tree).splitlines():
        stripped = line.lstrip(" ")
        indent = (len(line) - len(stripped)) // 4
        if stripped.startswith("def "):
            lines.append("")
            lines.append("  " * indent + "# helper: see the notes")
        lines.append("  " * indent + stripped)
    return [("\n".join(lines) + "\n", None)]


class _Renamer(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, str], functions: set[str]):
        self.mapping, self.functions = mapping, functions

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self.mapping.get(node.id, node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self.mapping.get(node.arg, node.arg)
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.name = self.mapping.get(node.name, node.name)
        self.generic_visit(node)
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.ClassDef:
        node.name = self.mapping.get(node.name, node.name)
        self.generic_visit(node)
        return node

    def visit_Call(self, node: ast.Call) -> ast.Call:
        if isinstance(node.func, ast.Name) and node.func.id in self.functions:
            for keyword in node.keywords:
                if keyword.arg in self.mapping:
                    keyword.arg = self.mapping[keyword.arg]
        self.generic_visit(node)
        return node


def _own_names(tree: ast.Module, keep: frozenset[str]) -> tuple[list[str], set[str]]:
    import builtins

    names, functions = [], set()
    imported = {
        (a.asname or a.name).split(".")[0]
        for n in ast.walk(tree)
        if isinstance(n, (ast.Import, ast.ImportFrom))
        for a in n.names
    }
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
            functions.add(node.name)
        elif isinstance(node, ast.arg):
            names.append(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
    skip = set(keep) | imported | set(dir(builtins)) | {"self"}
    return [n for n in dict.fromkeys(names) if n not in skip], functions - set(keep)


def py_rename(text: str, problem: str) -> list[tuple[str, str | None]]:
    tree = ast.parse(text)
    names, functions = _own_names(tree, _entries(problem))
    words = ["acc", "tmp", "val", "items2", "res", "cur", "data", "buf", "idx2", "out2", "thing", "wgt", "seen2", "bag"]
    mapping = {n: f"{words[i % len(words)]}{i // len(words) or ''}" for i, n in enumerate(names)}
    mapping = {n: ("_" + m if n.startswith("_") else m) for n, m in mapping.items()}
    tree = _Renamer(mapping, functions | {mapping.get(f, f) for f in functions}).visit(tree)
    return [(ast.unparse(tree), None)]


class _Swap(ast.NodeTransformer):
    def visit_BinOp(self, node: ast.BinOp) -> ast.BinOp:
        self.generic_visit(node)
        strings = any(
            isinstance(side, (ast.Constant, ast.JoinedStr)) and isinstance(getattr(side, "value", ""), str)
            for side in (node.left, node.right)
        )
        if isinstance(node.op, (ast.Add, ast.Mult)) and not strings:
            node.left, node.right = node.right, node.left
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.Compare:
        self.generic_visit(node)
        if len(node.ops) == 1 and isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
            node.left, node.comparators = node.comparators[0], [node.left]
        return node


def py_reorder(text: str) -> list[tuple[str, str | None]]:
    tree = _Swap().visit(ast.parse(text))
    head = [s for s in tree.body if not isinstance(s, (ast.FunctionDef, ast.ClassDef))]
    defs = [s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.ClassDef))]
    tree.body = head + list(reversed(defs))
    return [(ast.unparse(tree), None)]


class _Restructure(ast.NodeTransformer):
    """Comprehensions assigned to a name become loops, sum() of a generator an accumulator, a loop that only
    appends a comprehension, and `return a if c else b` an if/else."""

    def generic_visit(self, node: ast.AST) -> ast.AST:
        super().generic_visit(node)
        for field in ("body", "orelse"):
            body = getattr(node, field, None)
            if isinstance(body, list) and body and all(isinstance(s, ast.stmt) for s in body):
                setattr(node, field, self._body(body))
        return node

    def _body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        i = 0
        while i < len(body):
            stmt = body[i]
            nxt = body[i + 1] if i + 1 < len(body) else None
            folded = self._fold(stmt, nxt)
            if folded is not None:
                out.append(folded)
                i += 2
                continue
            out.extend(self._unfold(stmt))
            i += 1
        return out

    def _fold(self, stmt: ast.stmt, nxt: ast.stmt | None) -> ast.stmt | None:
        """x = [] then `for t in it: x.append(e)`: x = [e for t in it]."""
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            return None
        if not (
            isinstance(stmt.value, ast.List) and not stmt.value.elts and isinstance(nxt, ast.For) and not nxt.orelse
        ):
            return None
        if len(nxt.body) != 1 or not isinstance(nxt.body[0], ast.Expr):
            return None
        call = nxt.body[0].value
        name = stmt.targets[0].id
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "append"
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == name
            and len(call.args) == 1
        ):
            return None
        comp = ast.ListComp(
            elt=call.args[0], generators=[ast.comprehension(target=nxt.target, iter=nxt.iter, ifs=[], is_async=0)]
        )
        return ast.Assign(targets=[ast.Name(name, ast.Store())], value=comp, lineno=0)

    def _unfold(self, stmt: ast.stmt) -> list[ast.stmt]:
        if isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.IfExp):
            return [
                ast.If(test=stmt.value.test, body=[ast.Return(stmt.value.body)], orelse=[]),
                ast.Return(stmt.value.orelse),
            ]
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            return [stmt]
        name, value = stmt.targets[0].id, stmt.value
        if isinstance(value, (ast.ListComp, ast.SetComp)) and len(value.generators) == 1:
            gen = value.generators[0]
            method = "append" if isinstance(value, ast.ListComp) else "add"
            inner: ast.stmt = ast.Expr(
                ast.Call(ast.Attribute(ast.Name(name, ast.Load()), method, ast.Load()), [value.elt], [])
            )
            for cond in reversed(gen.ifs):
                inner = ast.If(test=cond, body=[inner], orelse=[])
            start = ast.List([], ast.Load()) if method == "append" else ast.Call(ast.Name("set", ast.Load()), [], [])
            return [
                ast.Assign([ast.Name(name, ast.Store())], start, lineno=0),
                ast.For(gen.target, gen.iter, [inner], [], lineno=0),
            ]
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "sum"
            and len(value.args) == 1
            and isinstance(value.args[0], ast.GeneratorExp)
            and len(value.args[0].generators) == 1
        ):
            gen = value.args[0].generators[0]
            inner = ast.AugAssign(ast.Name(name, ast.Store()), ast.Add(), value.args[0].elt)
            for cond in reversed(gen.ifs):
                inner = ast.If(test=cond, body=[inner], orelse=[])
            return [
                ast.Assign([ast.Name(name, ast.Store())], ast.Constant(0), lineno=0),
                ast.For(gen.target, gen.iter, [inner], [], lineno=0),
            ]
        return [stmt]


# Not lifted out of: what is evaluated lazily, or in a scope of its own.
_LAZY = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.BoolOp, ast.IfExp)


class _Hoist:
    """Calls and arithmetic nested in a call, arithmetic or subscript lifted into temporaries just before their
    statement, innermost first: `f(g(x) + 1)` as `part_1 = g(x); part_2 = part_1 + 1; f(part_2)`."""

    def __init__(self) -> None:
        self.count = 0

    def _nested(self, node: ast.AST, found: list[tuple[ast.AST, str, ast.expr]], depth: int = 0) -> None:
        for field, value in ast.iter_fields(node):
            for child in value if isinstance(value, list) else [value]:
                if not isinstance(child, ast.expr) or isinstance(child, _LAZY):
                    continue
                self._nested(child, found, depth + 1)
                if (
                    depth >= 1
                    and isinstance(child, (ast.Call, ast.BinOp))
                    and isinstance(node, (ast.Call, ast.BinOp, ast.Subscript))
                ):
                    found.append((node, field, child))

    def body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for stmt in body:
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(stmt, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    setattr(stmt, field, self.body(inner))
            if isinstance(stmt, (ast.Assign, ast.Return, ast.Expr, ast.AugAssign)) and stmt.value is not None:
                found: list[tuple[ast.AST, str, ast.expr]] = []
                self._nested(stmt, found)
                for parent, field, child in found:
                    self.count += 1
                    name = f"part_{self.count}"
                    out.append(ast.Assign([ast.Name(name, ast.Store())], child, lineno=0))
                    value = getattr(parent, field)
                    if isinstance(value, list):
                        value[value.index(child)] = ast.Name(name, ast.Load())
                    else:
                        setattr(parent, field, ast.Name(name, ast.Load()))
            out.append(stmt)
        return out


def py_restructure(text: str) -> list[tuple[str, str | None]]:
    tree = _Restructure().visit(ast.parse(text))
    hoist = _Hoist()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            node.body = hoist.body(node.body)
    return [(ast.unparse(ast.fix_missing_locations(tree)), None)]


_DEAD_HELPER = """
def _normalise_scores(values):
    total = sum(values) or 1
    return [v / total for v in values]
"""


def py_dead(text: str) -> list[tuple[str, str | None]]:
    """An unused helper, an `if False:` block, and a dead store after every statement of every function (the
    classic attack on fingerprints of k consecutive tokens: no run of the original is left whole)."""
    tree = ast.parse(text)
    count = 0
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.For, ast.While, ast.If)):
            continue
        body = []
        for stmt in node.body:
            body.append(stmt)
            if not isinstance(stmt, (ast.Return, ast.Raise, ast.Break, ast.Continue)):
                count += 1
                body.append(ast.parse(f"unused_{count} = {count} * 2").body[0])
        node.body = body
        if isinstance(node, ast.FunctionDef):
            node.body.insert(0, ast.parse("if False:\n    print('checking')").body[0])
    tree.body.extend(ast.parse(_DEAD_HELPER).body)
    return [(ast.unparse(ast.fix_missing_locations(tree)), None)]


class _Logic(ast.NodeTransformer):
    """`for i in range(...)` to while, `x op= y` to `x = x op y`, `a < b` to `b > a`, `if not c` turned round."""

    _FLIP = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.stmt:
        self.generic_visit(node)
        if isinstance(node.target, ast.Name):
            return ast.Assign(
                [ast.Name(node.target.id, ast.Store())],
                ast.BinOp(ast.Name(node.target.id, ast.Load()), node.op, node.value),
                lineno=0,
            )
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.Compare:
        self.generic_visit(node)
        if len(node.ops) == 1 and type(node.ops[0]) in self._FLIP:
            return ast.Compare(node.comparators[0], [self._FLIP[type(node.ops[0])]()], [node.left])
        return node

    def visit_If(self, node: ast.If) -> ast.If:
        self.generic_visit(node)
        if isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not) and node.orelse:
            return ast.If(node.test.operand, node.orelse, node.body)
        test = node.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in NEGATION:
            negated = ast.Compare(test.left, [NEGATION[type(test.ops[0])]()], test.comparators)
            node.test = ast.UnaryOp(ast.Not(), negated)  # `if a < b` as `if not a >= b`
        return node

    def visit_For(self, node: ast.For) -> ast.AST | list[ast.stmt]:
        self.generic_visit(node)
        it = node.iter
        simple = (
            isinstance(it, ast.Call)
            and isinstance(it.func, ast.Name)
            and it.func.id == "range"
            and len(it.args) == 1
            and not it.keywords
        )
        if (
            not simple
            or not isinstance(node.target, ast.Name)
            or node.orelse
            or any(isinstance(n, ast.Continue) for n in ast.walk(node))
        ):
            return node
        var = node.target.id
        step = ast.parse(f"{var} = {var} + 1").body[0]
        return [
            ast.Assign([ast.Name(var, ast.Store())], ast.Constant(0), lineno=0),
            ast.While(ast.Compare(ast.Name(var, ast.Load()), [ast.Lt()], [it.args[0]]), [*node.body, step], []),
        ]


def py_logic(text: str) -> list[tuple[str, str | None]]:
    tree = ast.fix_missing_locations(_Logic().visit(ast.parse(text)))
    return [(ast.unparse(tree), None)]


def py_upto(level: int) -> Callable[[str, str], list[tuple[str, str | None]]]:
    """Levels 2 to `level` in order on the tree, then the layout of level 1 on the text."""

    def disguise(text: str, problem: str) -> list[tuple[str, str | None]]:
        step = py_rename(text, problem)[0][0]
        for n, one in ((3, py_reorder), (4, py_restructure), (5, py_dead), (6, py_logic)):
            if level >= n:
                step = one(step)[0][0]
        return py_layout(step)

    return disguise


def disguises(language: str) -> dict[str, Callable[[str, str], list[tuple[str, str | None]]]]:
    if language == "sql":
        return {
            "1 layout": lambda t, p: sql_layout(t),
            "2 rename": sql_rename,
            "3 reorder": lambda t, p: sql_reorder(t),
            "4 restructure": lambda t, p: sql_restructure(t),
            "5 dead code": sql_dead,
            "6 port": lambda t, p: sql_port(t),
            **{f"1-{n}": sql_upto(n) for n in (3, 4, 5, 6)},
        }
    return {
        "1 layout": lambda t, p: py_layout(t),
        "2 rename": py_rename,
        "3 reorder": lambda t, p: py_reorder(t),
        "4 restructure": lambda t, p: py_restructure(t),
        "5 dead code": lambda t, p: py_dead(t),
        "6 port": lambda t, p: py_logic(t),
        **{f"1-{n}": py_upto(n) for n in (3, 4, 5, 6)},
    }


# --- the corpus and its scores ----------------------------------------------------------------------------


def originals(problem: str) -> list[Item]:
    directory = BANK / problem
    suffix = ".sql" if (directory / "solutions" / "reference.sql").exists() else ".py"
    dialect = "duckdb" if suffix == ".sql" else None
    found = [Item(problem, "reference", None, (directory / "solutions" / f"reference{suffix}").read_text(), dialect)]
    for path in sorted((SOLUTIONS / problem).glob(f"*{suffix}")):
        found.append(Item(problem, path.stem, None, path.read_text(), dialect))
    return found


def corpus_of(language: str, problem: str) -> list[Item]:
    items = originals(problem)
    made = []
    for original in items:
        for level, disguise in disguises(language).items():
            for text, dialect in disguise(original.text, problem):
                made.append(Item(problem, original.original, level, text, dialect))
    return items + made


def _starter(problem: str) -> str:
    loaded = resolve_problem(problem, BANK)
    return (loaded.directory / loaded.spec.starter).read_text() if loaded.spec.starter else ""


class JudgeScorer:
    name = "this judge"

    def __init__(self, problem: str, items: list[Item]):
        self.context = context_for(resolve_problem(problem, BANK))
        starter_text = _starter(problem)
        dialect = "duckdb" if self.context.language == "sql" else None
        self.stored = {id(i): self._stored(i.text, i.dialect) for i in items}
        starter = self._stored(starter_text, dialect) if starter_text else None
        self.corpus = compare.corpus(self.stored.values(), starter)

    def _stored(self, text: str, dialect: str | None) -> compare.Stored:
        made = fingerprint(text, dialect, self.context)
        return compare.Stored(frozenset(made.hashes), made.surface)

    def score(self, a: Item, b: Item) -> float:
        pair = self.corpus.pair(self.stored[id(a)], self.stored[id(b)])
        return pair.score if pair is not None else 0.0


class CopydetectScorer:
    name = "copydetect 0.5.0"

    def __init__(self, problem: str, items: list[Item]):
        from copydetect import CodeFingerprint

        self.language = "sql" if items[0].dialect else "python"
        suffix = "sql" if self.language == "sql" else "py"
        starter = _starter(problem)
        boilerplate = []
        if starter:
            boilerplate = CodeFingerprint(
                f"starter.{suffix}", fp=io.StringIO(starter), language=self.language, **COPYDETECT
            ).hashes
            boilerplate = sorted(boilerplate)
        self.prints = {
            id(i): CodeFingerprint(
                f"x.{suffix}", fp=io.StringIO(i.text), boilerplate=boilerplate, language=self.language, **COPYDETECT
            )
            for i in items
        }

    def score(self, a: Item, b: Item) -> float:
        from copydetect import compare_files

        _, similarities, _ = compare_files(self.prints[id(a)], self.prints[id(b)])
        return float(max(similarities))


@dataclass
class Row:
    language: str
    level: str
    tool: str
    positives: int
    negatives: int
    auc: float
    recall: float
    margin: float  # the worst problem's lowest positive less its highest negative: above 0, a clean cut


def auc(positives: list[float], negatives: list[float]) -> float:
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def recall_at(positives: list[float], negatives: list[float], fpr: float = 0.01) -> float:
    ranked = sorted(negatives, reverse=True)
    allowed = int(fpr * len(ranked))  # false positives tolerated
    threshold = ranked[allowed] if allowed < len(ranked) else float("-inf")
    return sum(1 for p in positives if p > threshold) / len(positives)


def pairs(items: list[Item], level: str) -> tuple[list[tuple[Item, Item]], list[tuple[Item, Item]]]:
    bases = [i for i in items if i.level is None]
    copies = [i for i in items if i.level == level]
    positive = [(b, c) for c in copies for b in bases if b.original == c.original]
    negative = [(b, c) for c in copies for b in bases if b.original != c.original]
    negative += [(a, b) for k, a in enumerate(bases) for b in bases[k + 1 :]]
    return positive, negative


def quality(scorers: Iterable[type] = (JudgeScorer, CopydetectScorer)) -> list[Row]:
    rows = []
    for language, problems in PROBLEMS.items():
        scored: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
        margins: dict[tuple[str, str], float] = {}
        for problem in problems:
            items = corpus_of(language, problem)
            for kind in scorers:
                scorer = kind(problem, items)
                for level in LEVELS:
                    positive, negative = pairs(items, level)
                    here_pos = [scorer.score(a, b) for a, b in positive]
                    here_neg = [scorer.score(a, b) for a, b in negative]
                    pos, neg = scored.setdefault((level, kind.name), ([], []))
                    pos.extend(here_pos)
                    neg.extend(here_neg)
                    gap = min(here_pos) - max(here_neg)
                    margins[(level, kind.name)] = min(margins.get((level, kind.name), gap), gap)
        for (level, tool), (pos, neg) in scored.items():
            made = Row(
                language, level, tool, len(pos), len(neg), auc(pos, neg), recall_at(pos, neg), margins[(level, tool)]
            )
            rows.append(made)
    return rows


def quality_table(rows: list[Row]) -> str:
    tools = list(dict.fromkeys(r.tool for r in rows))
    columns = " | ".join(f"{t}: recall at 1% FP | ROC AUC | margin" for t in tools)
    lines = [f"| language | level | pairs (+/-) | {columns} |", "|" + "---|" * (3 + 3 * len(tools))]
    keyed = {(r.language, r.level, r.tool): r for r in rows}
    for language in PROBLEMS:
        for level in LEVELS:
            first = keyed[(language, level, tools[0])]
            cells = []
            for tool in tools:
                row = keyed[(language, level, tool)]
                cells.append(f"{row.recall:.2f} | {row.auc:.3f} | {row.margin:+.2f}")
            lines.append(f"| {language} | {level} | {first.positives}/{first.negatives} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --- cost ---------------------------------------------------------------------------------------------------


def _largest_reference(language: str) -> tuple[str, Path]:
    suffix = ".sql" if language == "sql" else ".py"
    paths = sorted(
        BANK.glob(f"*/solutions/reference{suffix}"), key=lambda p: (len(p.read_text()), p.parent.parent.name)
    )
    return paths[-1].parent.parent.name, paths[-1]


def cost(rounds: int) -> list[tuple[str, float]]:
    out = []
    for language in ("sql", "python"):
        problem, path = _largest_reference(language)
        context = context_for(resolve_problem(problem, BANK))
        text, dialect = path.read_text(), "duckdb" if language == "sql" else None
        fingerprint(text, dialect, context)  # warm: imports and caches
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            fingerprint(text, dialect, context)
            times.append((time.perf_counter() - start) * 1000)
        out.append((f"fingerprint {problem}'s reference ({language}, {len(text)} chars)", statistics.median(times)))
    items = originals("ndcg-at-k") + originals("recsys-metrics") + originals("discover-weekly")
    scorer = JudgeScorer("ndcg-at-k", items)
    stored = [scorer.stored[id(items[i % len(items)])] for i in range(1000)]
    new = scorer.stored[id(items[0])]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for other in stored:
            scorer.corpus.pair(new, other)
        times.append((time.perf_counter() - start) * 1000)
    out.append(("compare one submission with 1,000 stored ones", statistics.median(times)))
    return out


def main() -> None:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # copydetect hashes with Python's salted hash(): its winnowing, and so its scores, would change from
        # one run to the next. This judge's own hash is stable (BLAKE2b) and needs no such help.
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    rows = quality()
    print(quality_table(rows))
    print()
    print("| cost | median ms |")
    print("|---|---|")
    for label, ms in cost(args.rounds):
        print(f"| {label} | {ms:.1f} |")


if __name__ == "__main__":
    main()
