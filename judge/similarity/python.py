"""Python as its structure: the syntax tree, rewritten to one form, as a stream of node tokens.

What the rewrite drops: docstrings and other bare strings, `pass`, `print(...)` statements, code after a
return/raise/break/continue, `if False:`-style blocks, assignments to a name no one reads (dead stores), and
top-level functions no one calls that the starter does not define. What it inlines: a temporary assigned once
and read once, by the next statement (`t = g(x); f(t)` is `f(g(x))`), the usual way to disguise an expression.
What it folds: an accumulator loop
(`xs = []; for ...: xs.append(e)`, and its dict, set and `+=` forms) into the comprehension or sum it spells;
`if c: return a else: return b` (and `if c: return a` then `return b`) into one conditional return; a counted
`while` into `for ... in range(...)`. What it puts in one form: commutative operands, `and`/`or` operands and
`==` sides sorted, `>` turned into `<`, `x = x + y` into `x += y`, `if not c: A else: B` turned round. What it keeps: attribute names, builtins,
imported names, the starter's function names; every other name is one class (V). Constants are masked to
their type. Top-level definitions are sorted, so moving functions around changes nothing.

Comments never reach the tree; each token carries the source line of its node, for the side-by-side view.
"""

from __future__ import annotations

import ast
import builtins
import io
import re
import tokenize
from collections import Counter

from judge.similarity.tokens import Normalised, Token

BUILTINS = frozenset(dir(builtins))
_FALSY = (False, 0, None, "")


def normalise(source: str, entries: frozenset[str] = frozenset()) -> Normalised:
    surface = surface_features(source)
    try:
        tree = ast.parse(source)
        keep = BUILTINS | entries | _imported(tree)
        _drop_dead_stores(tree)  # first too, so that a dead store put between two statements cannot keep a fold apart
        _inline_temporaries(tree)
        tree = _Canonical(keep).visit(tree)
        _drop_dead_stores(tree)
        tree = _Rewrite().visit(tree)
        _drop_unused_functions(tree, entries)
        _drop_dead_stores(tree)
        _inline_temporaries(tree)  # again: a fold can leave `xs = [...]; return xs`
        tree = _Canonical(keep).visit(tree)
        tree.body = _sorted_top_level(tree.body, keep)
        emitter = _Emitter(keep)
        emitter.visit(tree)
        return Normalised(tuple(emitter.tokens), source, surface, parsed=True)
    except (SyntaxError, RecursionError, ValueError, MemoryError):
        return Normalised(_raw_tokens(source), source, surface, parsed=False)


def unparsed(source: str) -> Normalised:
    """The source's raw tokens, without parsing it: linear in its length, for a parse that ran out of time."""
    return Normalised(_raw_tokens(source), source, surface_features(source), parsed=False)


def entry_names(starter: str | None) -> frozenset[str]:
    """The names the starter defines at the top level: what the candidate must keep, so never dropped."""
    if not starter:
        return frozenset()
    try:
        tree = ast.parse(starter)
    except (SyntaxError, RecursionError, ValueError):
        return frozenset()
    return frozenset(s.name for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))


def _imported(tree: ast.AST) -> frozenset[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
    return frozenset(names)


def _is_noise(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Pass):
        return True
    if isinstance(stmt, ast.Expr):
        value = stmt.value
        if isinstance(value, ast.Constant):
            return True  # docstrings, bare strings and numbers
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "print":
            return True
    return False


def _constant_falsy(test: ast.expr) -> bool:
    return isinstance(test, ast.Constant) and test.value in _FALSY and not isinstance(test.value, float)


class _Rewrite(ast.NodeTransformer):
    """Statement-level rewrites, applied to every body of statements, innermost first."""

    def generic_visit(self, node: ast.AST) -> ast.AST:
        super().generic_visit(node)
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and body and all(isinstance(s, ast.stmt) for s in body):
                setattr(node, field, self._body(body, keep_one=not isinstance(node, ast.Module)))
        return node

    def _body(self, body: list[ast.stmt], keep_one: bool) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for stmt in body:
            if _is_noise(stmt):
                continue
            if isinstance(stmt, (ast.If, ast.While)) and _constant_falsy(stmt.test):
                out.extend(stmt.orelse if isinstance(stmt, ast.If) else [])
                continue
            folded = _fold_accumulator(out[-1], stmt) if out else None
            folded = folded or (_fold_counted_while(out[-1], stmt) if out else None)
            folded = folded or (_fold_early_return(out[-1], stmt) if out else None)
            if folded is not None:
                out[-1] = folded
                if isinstance(folded, ast.Return):
                    break  # the rest is unreachable
                continue
            out.append(_fold_conditional_return(stmt))
            if isinstance(stmt, (ast.Return, ast.Raise, ast.Break, ast.Continue)):
                break  # the rest is unreachable
        if not out and keep_one:
            out = [ast.Pass()]
        return out


def _single_target(stmt: ast.stmt) -> str | None:
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0].id
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
        return stmt.target.id
    return None


def _fold_accumulator(init: ast.stmt, loop: ast.stmt) -> ast.stmt | None:
    """`acc = []` (or {}, set(), 0) then `for t in it: [if c:] acc.append(e)` -> `acc = [e for t in it if c]`."""
    name = _single_target(init)
    if name is None or not isinstance(loop, ast.For) or loop.orelse or len(loop.body) != 1:
        return None
    start = init.value  # type: ignore[attr-defined]
    inner, conditions = loop.body[0], []
    while isinstance(inner, ast.If) and not inner.orelse and len(inner.body) == 1:
        conditions.append(inner.test)
        inner = inner.body[0]
    generator = ast.comprehension(target=loop.target, iter=loop.iter, ifs=conditions, is_async=0)
    value: ast.expr | None = None
    if isinstance(inner, ast.Expr) and isinstance(inner.value, ast.Call) and len(inner.value.args) == 1:
        call = inner.value
        if (
            isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == name
        ):
            if call.func.attr == "append" and isinstance(start, ast.List) and not start.elts:
                value = ast.ListComp(elt=call.args[0], generators=[generator])
            elif call.func.attr == "add" and isinstance(start, ast.Call) and getattr(start.func, "id", "") == "set":
                value = ast.SetComp(elt=call.args[0], generators=[generator])
    elif isinstance(inner, ast.Assign) and len(inner.targets) == 1 and isinstance(inner.targets[0], ast.Subscript):
        target = inner.targets[0]
        if (
            isinstance(target.value, ast.Name)
            and target.value.id == name
            and isinstance(start, ast.Dict)
            and not start.keys
        ):
            value = ast.DictComp(key=target.slice, value=inner.value, generators=[generator])
    elif isinstance(inner, ast.AugAssign) and isinstance(inner.target, ast.Name) and inner.target.id == name:
        if isinstance(inner.op, ast.Add) and isinstance(start, ast.Constant) and start.value == 0:
            value = ast.Call(
                func=ast.Name(id="sum", ctx=ast.Load()),
                args=[ast.GeneratorExp(elt=inner.value, generators=[generator])],
                keywords=[],
            )
    if value is None:
        return None
    folded = ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())], value=value)
    return ast.copy_location(folded, init)


def _fold_counted_while(init: ast.stmt, loop: ast.stmt) -> ast.stmt | None:
    """`i = 0` then `while i < n: ...; i += 1` (no continue, no other store to i) -> `for i in range(n): ...`."""
    name = _single_target(init)
    if name is None or not isinstance(loop, ast.While) or loop.orelse or not loop.body:
        return None
    start, test, step = init.value, loop.test, loop.body[-1]  # type: ignore[attr-defined]
    if not (isinstance(start, ast.Constant) and start.value == 0):
        return None
    if not (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == name
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Lt)
    ):
        return None
    if not (
        isinstance(step, ast.AugAssign)
        and isinstance(step.op, ast.Add)
        and isinstance(step.target, ast.Name)
        and step.target.id == name
        and isinstance(step.value, ast.Constant)
        and step.value.value == 1
    ):
        return None
    body = loop.body[:-1]
    for node in (n for stmt in body for n in ast.walk(stmt)):
        if isinstance(node, ast.Continue) or (
            isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store)
        ):
            return None
    bound = ast.Call(func=ast.Name(id="range", ctx=ast.Load()), args=[test.comparators[0]], keywords=[])
    made = ast.For(target=ast.Name(id=name, ctx=ast.Store()), iter=bound, body=body or [ast.Pass()], orelse=[])
    return ast.copy_location(made, loop)


def _fold_early_return(first: ast.stmt, then: ast.stmt) -> ast.stmt | None:
    """`if c: return a` then `return b` -> `return a if c else b` (as its if/else form is)."""
    if (
        isinstance(first, ast.If)
        and not first.orelse
        and len(first.body) == 1
        and isinstance(first.body[0], ast.Return)
        and first.body[0].value is not None
        and isinstance(then, ast.Return)
        and then.value is not None
    ):
        value = ast.IfExp(test=first.test, body=first.body[0].value, orelse=then.value)
        return ast.copy_location(ast.Return(value=value), first)
    return None


_COMMUTATIVE = (ast.Add, ast.Mult, ast.BitAnd, ast.BitOr, ast.BitXor)
_FLIPPED: dict[type[ast.cmpop], type[ast.cmpop]] = {ast.Gt: ast.Lt, ast.GtE: ast.LtE}
# Each comparison's negation: `not a < b` is `a >= b`.
NEGATION: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


class _Canonical(ast.NodeTransformer):
    """Expressions in one form: commutative operands and `and`/`or` operands sorted by their shape (names
    masked), `a > b` as `b < a`, `x = x + y` as `x += y`, and `if not c: A else: B` as `if c: B else: A`."""

    def __init__(self, keep: frozenset[str]):
        self.keep = keep

    def _key(self, node: ast.AST) -> str:
        emitter = _Emitter(self.keep)
        emitter.visit(node)
        return " ".join(t.text for t in emitter.tokens)

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, _COMMUTATIVE):
            node.left, node.right = sorted([node.left, node.right], key=self._key)
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        node.values = sorted(node.values, key=self._key)
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if len(node.ops) != 1:
            return node
        op, right = node.ops[0], node.comparators[0]
        if type(op) in _FLIPPED:
            return ast.copy_location(ast.Compare(left=right, ops=[_FLIPPED[type(op)]()], comparators=[node.left]), node)
        if isinstance(op, (ast.Eq, ast.NotEq)):
            left, right = sorted([node.left, right], key=self._key)
            node.left, node.comparators = left, [right]
        return node

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        target, value = node.targets[0], node.value
        if len(node.targets) == 1 and isinstance(target, ast.Name) and isinstance(value, ast.BinOp):
            other = None
            if isinstance(value.left, ast.Name) and value.left.id == target.id:
                other = value.right
            elif (
                isinstance(value.op, _COMMUTATIVE) and isinstance(value.right, ast.Name) and value.right.id == target.id
            ):
                other = value.left
            if other is not None:
                made = ast.AugAssign(target=ast.Name(id=target.id, ctx=ast.Store()), op=value.op, value=other)
                return self.generic_visit(ast.copy_location(made, node))
        return self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        operand = node.operand
        if isinstance(node.op, ast.Not) and isinstance(operand, ast.Compare) and len(operand.ops) == 1:
            inverse = NEGATION.get(type(operand.ops[0]))
            if inverse is not None:  # `not a >= b` is `a < b`
                made = ast.Compare(left=operand.left, ops=[inverse()], comparators=operand.comparators)
                return self.visit_Compare(ast.copy_location(made, node))
        return node

    def visit_If(self, node: ast.If) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not) and node.orelse:
            node.test, node.body, node.orelse = node.test.operand, node.orelse, node.body
        return node


def _fold_conditional_return(stmt: ast.stmt) -> ast.stmt:
    if (
        isinstance(stmt, ast.If)
        and len(stmt.body) == 1
        and len(stmt.orelse) == 1
        and isinstance(stmt.body[0], ast.Return)
        and isinstance(stmt.orelse[0], ast.Return)
        and stmt.body[0].value is not None
        and stmt.orelse[0].value is not None
    ):
        value = ast.IfExp(test=stmt.test, body=stmt.body[0].value, orelse=stmt.orelse[0].value)
        return ast.copy_location(ast.Return(value=value), stmt)
    return stmt


def _loaded_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.add(node.value)  # getattr(module, "name") and __all__
    return names


def _drop_unused_functions(tree: ast.Module, entries: frozenset[str]) -> None:
    for _ in range(5):  # a helper used only by a dropped helper goes on the next round
        used = _loaded_names(tree)
        body = [
            s
            for s in tree.body
            if not (
                isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                and s.name not in used
                and s.name not in entries
                and entries
            )
        ]
        if len(body) == len(tree.body):
            return
        tree.body = body


def _drop_dead_stores(tree: ast.Module) -> None:
    """In each function, drop plain `name = expr` statements whose name is never read anywhere in it."""
    for func in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        for _ in range(5):
            loaded = _loaded_names(func)
            nonlocal_names = {n for s in ast.walk(func) if isinstance(s, (ast.Global, ast.Nonlocal)) for n in s.names}
            changed = False
            for node in ast.walk(func):
                for field in ("body", "orelse", "finalbody"):
                    body = getattr(node, field, None)
                    if not isinstance(body, list) or not body or not isinstance(body[0], ast.stmt):
                        continue
                    kept = [
                        s
                        for s in body
                        if not (
                            (name := _single_target(s)) is not None
                            and name not in loaded
                            and name not in nonlocal_names
                        )
                    ]
                    if len(kept) != len(body):
                        setattr(node, field, kept or [ast.Pass()])
                        changed = True
            if not changed:
                break


def _inline_temporaries(tree: ast.Module) -> None:
    """In each function, `t = e` followed by a statement that reads t, where t is stored once and read once in
    the whole function, becomes that statement with e in place of t. Innermost first along each body, so a
    chain of temporaries collapses into the one expression it spells."""
    for func in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        stores: Counter[str] = Counter()
        loads: Counter[str] = Counter()
        for node in ast.walk(func):
            if isinstance(node, ast.Name):
                (loads if isinstance(node.ctx, ast.Load) else stores)[node.id] += 1
        fixed = {a.arg for a in ast.walk(func.args) if isinstance(a, ast.arg)}
        fixed |= {n for s in ast.walk(func) if isinstance(s, (ast.Global, ast.Nonlocal)) for n in s.names}
        for node in ast.walk(func):
            for field in ("body", "orelse", "finalbody"):
                body = getattr(node, field, None)
                if not isinstance(body, list) or not body or not isinstance(body[0], ast.stmt):
                    continue
                for i in range(len(body) - 2, -1, -1):
                    name = _single_target(body[i])
                    if name is None or name in fixed or stores[name] != 1 or loads[name] != 1:
                        continue
                    value = getattr(body[i], "value", None)  # _single_target: an assignment with a value
                    if isinstance(value, ast.expr) and _Substitute(name, value).replace(body[i + 1]):
                        del body[i]


class _Substitute(ast.NodeTransformer):
    def __init__(self, name: str, value: ast.expr):
        self.name, self.value, self.done = name, value, False

    def replace(self, stmt: ast.stmt) -> bool:
        self.visit(stmt)
        return self.done

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if not self.done and node.id == self.name and isinstance(node.ctx, ast.Load):
            self.done = True
            return self.value
        return node


def _shape(stmt: ast.stmt, keep: frozenset[str]) -> str:
    emitter = _Emitter(keep)
    emitter.visit(stmt)
    return " ".join(t.text for t in emitter.tokens)


def _sorted_top_level(body: list[ast.stmt], keep: frozenset[str]) -> list[ast.stmt]:
    imports = [s for s in body if isinstance(s, (ast.Import, ast.ImportFrom))]
    rest = [s for s in body if not isinstance(s, (ast.Import, ast.ImportFrom))]
    imports.sort(key=ast.dump)
    # Definitions sort by their tokens, names masked, so that renaming does not reorder them.
    rest.sort(key=lambda s: _shape(s, keep))
    return imports + rest


class _Emitter(ast.NodeVisitor):
    def __init__(self, keep: frozenset[str]):
        self.keep = keep
        self.tokens: list[Token] = []
        self.line = 1

    def emit(self, text: str) -> None:
        self.tokens.append(Token(text, self.line))

    def _name(self, name: str) -> str:
        return name if name in self.keep else "V"

    def generic_visit(self, node: ast.AST) -> None:
        line = getattr(node, "lineno", None)
        if line is not None:
            self.line = line
        self.emit(type(node).__name__)
        if isinstance(node, ast.Name):
            self.emit(self._name(node.id))
        elif isinstance(node, ast.arg):
            self.emit("V")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.emit(self._name(node.name))
        elif isinstance(node, ast.Attribute):
            self.emit("." + node.attr)
        elif isinstance(node, ast.keyword):
            self.emit(f"{node.arg}=")
        elif isinstance(node, ast.Constant):
            self.emit("C:" + type(node.value).__name__)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                self.emit(alias.name)
        for name, value in ast.iter_fields(node):
            if name in ("returns", "annotation", "type_comment", "decorator_list"):
                continue  # annotations are style, not structure
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, ast.AST) and not isinstance(child, ast.expr_context):
                    self.visit(child)


def _raw_tokens(source: str) -> tuple[Token, ...]:
    """A source that does not parse: its words and symbols, names masked, line by line."""
    out = []
    for line, row in enumerate(source.splitlines(), 1):
        for word in re.findall(r"[A-Za-z_]\w*|\d+|[^\w\s]", row):
            if word[0].isalpha() or word[0] == "_":
                word = word if word in BUILTINS else "V"
            out.append(Token(word, line))
    return tuple(out)


def surface_features(source: str) -> frozenset[str]:
    """Own names, comment text, string spellings and layout, for the style channel."""
    features: set[str] = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NAME and tok.string not in BUILTINS and len(tok.string) > 2:
                features.add("name:" + tok.string)
            elif tok.type == tokenize.COMMENT:
                words = " ".join(re.findall(r"\w+", tok.string.lower()))
                if words:
                    features.add("comment:" + words)
            elif tok.type == tokenize.STRING and len(tok.string) > 3:
                features.add("literal:" + tok.string[:80])
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    for line in source.splitlines():
        stripped = line.strip()
        if stripped:
            word = re.match(r"\S+", stripped)
            features.add(f"layout:{len(line) - len(line.lstrip())}:{word.group(0)[:20] if word else ''}")
    return frozenset(features)
