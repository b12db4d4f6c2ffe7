"""SQL as its structure: parsed in its own dialect, rewritten to one form, and tokenised.

The steps, in order: parse in the submission's dialect; drop comments; rewrite dialect spellings to one
(`DialectRewrite`: YEAR/DATEPART -> EXTRACT, DATE(x) -> CAST, FETCH/TOP -> LIMIT, COUNT_BIG -> COUNT, the
`CASE WHEN x IS NULL` ordering keys transpilation adds -> the key alone, explicit NULLS FIRST/LAST dropped);
qualify columns against the problem's schema; derived tables as CTEs; simplify predicates; mask every
identifier that is not a schema name, and every literal; sort commutative parts (AND/OR operands, the sides of
= and <>, + and *, GROUP BY and PARTITION BY keys, CTEs). Join order is kept: the optimizer's join and
predicate rules are not used, because their output depends on it.

A step that fails is skipped, not fatal: a query qualify cannot resolve is still compared unqualified, and a
source that does not parse is tokenised raw (identifiers masked), so every submission gets a fingerprint.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.eliminate_subqueries import eliminate_subqueries
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.simplify import simplify
from sqlglot.tokenizer_core import Token as SqlToken
from sqlglot.tokenizer_core import TokenType

from judge.similarity.tokens import Normalised, Token

MASK = "_"
Schema = dict[str, dict[str, str]]  # table -> column -> type
_LITERAL_TYPES = {
    TokenType.STRING,
    TokenType.NUMBER,
    TokenType.NATIONAL_STRING,
    TokenType.BIT_STRING,
    TokenType.HEX_STRING,
    TokenType.BYTE_STRING,
    TokenType.RAW_STRING,
}
_NAME_TYPES = {TokenType.VAR, TokenType.IDENTIFIER}
_FLOATS = {exp.DataType.Type.DOUBLE, exp.DataType.Type.FLOAT}
_DATE_PARTS = {exp.Year: "YEAR", exp.Month: "MONTH", exp.Day: "DAY"}


def schema_names(schema: Schema) -> frozenset[str]:
    return frozenset({t.lower() for t in schema} | {c.lower() for cols in schema.values() for c in cols})


def normalise(source: str, dialect: str, schema: Schema) -> Normalised:
    names = schema_names(schema)
    surface = surface_features(source, dialect, names)
    try:
        tree = sqlglot.parse_one(source, read=dialect)
    except (SqlglotError, RecursionError, ValueError):
        tree = None
    if tree is None:
        return Normalised(_raw_tokens(source, dialect, names), source, surface, parsed=False)
    try:
        tree = _structure(tree, dialect, schema, names)
        shown = tree.sql(dialect="duckdb", pretty=True)
    except RecursionError:  # nested deeper than the rewrites recurse: the raw tokens
        return Normalised(_raw_tokens(source, dialect, names), source, surface, parsed=False)
    return Normalised(_raw_tokens(shown, "duckdb", names), shown, surface, parsed=True)


def unparsed(source: str, dialect: str, schema: Schema) -> Normalised:
    """The source's raw tokens, without parsing it: linear in its length, for a parse that ran out of time."""
    names = schema_names(schema)
    return Normalised(_raw_tokens(source, dialect, names), source, surface_features(source, dialect, names), False)


def _structure(tree: exp.Expr, dialect: str, schema: Schema, names: frozenset[str]) -> exp.Expr:
    for node in tree.walk():
        node.comments = None
    tree = _post_order(tree, _rewrite_dialect)
    steps: list[Callable[[exp.Expr], exp.Expr]] = [
        lambda t: qualify(
            t,
            schema=dict(schema) if schema else None,
            dialect=dialect,
            validate_qualify_columns=False,
            quote_identifiers=False,
            identify=False,
        ),
        eliminate_subqueries,
        simplify,
    ]
    for index, step in enumerate(steps):
        # qualify changes the tree in place as it goes, so a failure would leave it half done: it gets a copy.
        # The others build their result from their own copy, or raise before they change anything.
        try:
            tree = step(tree.copy() if index == 0 else tree)
        except (SqlglotError, RecursionError, KeyError, ValueError, TypeError, AttributeError):
            continue
    tree = tree.transform(lambda node: _mask(node, names), copy=False)
    return _sort_commutative(tree)


def _rewrite_dialect(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.Identifier):
        # Names are matched without case, as the judge's engines match the schema's (a dialect whose table
        # names are case-sensitive would leave SONG_PLAYS unqualified, and its columns unmatched).
        return exp.to_identifier(node.name.lower())
    for kind, part in _DATE_PARTS.items():
        if type(node) is kind:
            return exp.Extract(this=exp.var(part), expression=_uncast(node.this))
    if isinstance(node, exp.Extract):
        return exp.Extract(this=exp.var(node.name.upper()), expression=_uncast(node.expression))
    if isinstance(node, (exp.Date, exp.TsOrDsToDate)) and node.this is not None and not node.expressions:
        return exp.Cast(this=node.this, to=exp.DataType.build("DATE"))
    if isinstance(node, exp.Alias) and isinstance(node.this, exp.Column) and node.this.name == node.alias:
        return node.this  # `x AS x`, which some dialects' output spells out
    if isinstance(node, exp.Cast) and node.to.this in _FLOATS and isinstance(node.this, exp.Expr):
        return node.this  # what a port adds around a quotient, for the division a dialect does on integers
    if isinstance(node, exp.Filter) and isinstance(node.this, exp.AggFunc) and isinstance(node.expression, exp.Where):
        # SUM(x) FILTER (WHERE c) is SUM(CASE WHEN c THEN x END) in the dialects that have no FILTER
        aggregate = node.this.copy()
        aggregate.set("this", exp.Case(ifs=[exp.If(this=node.expression.this, true=aggregate.this)]))
        return aggregate
    if isinstance(node, exp.If) and not isinstance(node.parent, exp.Case):  # IIF(c, a, b)
        default = node.args.get("false")
        default = None if isinstance(default, exp.Null) else default  # ELSE NULL is what CASE does without ELSE
        return exp.Case(ifs=[exp.If(this=node.this, true=node.args.get("true"))], default=default)
    if isinstance(node, exp.Case) and isinstance(node.args.get("default"), exp.Null):
        node.set("default", None)  # ELSE NULL is what CASE does without ELSE
    if isinstance(node, exp.Div):
        # x / NULLIF(y, 0) (a port to a dialect that raises on zero) parses as a "safe" division; the kind of
        # division is the dialect's, not the author's
        node.set("safe", None)
        node.set("typed", None)
    if isinstance(node, exp.Fetch):
        return exp.Limit(expression=node.args.get("count"))
    if isinstance(node, exp.Select) and node.args.get("order"):
        _order_nulls(node.args["order"])
    if isinstance(node, exp.Window) and node.args.get("order"):
        _order_nulls(node.args["order"])
    if isinstance(node, exp.Ordered):
        node.set("nulls_first", None)
    if isinstance(node, exp.Count):
        node.set("big_int", None)
    return node


def _uncast(node: exp.Expr | None) -> exp.Expr | None:
    """YEAR(x) parses in some dialects as YEAR(CAST(x AS DATE)): the cast is the dialect's, not the author's."""
    if isinstance(node, (exp.Cast, exp.TsOrDsToDate)) and isinstance(node.this, exp.Expr):
        return node.this
    return node


def _order_nulls(order: exp.Order) -> None:
    """Drop `CASE WHEN x IS NULL THEN 1 ELSE 0 END` (and its like) keys that come right before a key on x."""
    keys = list(order.expressions)
    kept = []
    for i, key in enumerate(keys):
        target = _null_test_target(key.this if isinstance(key, exp.Ordered) else key)
        following = keys[i + 1] if i + 1 < len(keys) else None
        if target is not None and following is not None:
            nxt = following.this if isinstance(following, exp.Ordered) else following
            if nxt == target:
                continue
        kept.append(key)
    order.set("expressions", kept)


def _null_test_target(node: exp.Expr) -> exp.Expr | None:
    if isinstance(node, exp.Case) and len(node.args.get("ifs") or []) == 1:
        cond = node.args["ifs"][0].this
    elif isinstance(node, exp.If):
        cond = node.this
    elif isinstance(node, exp.Is):
        cond = node
    else:
        return None
    if isinstance(cond, exp.Not):
        cond = cond.this
    if isinstance(cond, exp.Is) and isinstance(cond.expression, exp.Null) and isinstance(cond.this, exp.Expr):
        return cond.this
    return None


def _mask(node: exp.Expr, names: frozenset[str]) -> exp.Expr:
    if isinstance(node, exp.Identifier):
        name = node.name.lower()
        return exp.to_identifier(name if name in names else MASK)
    if isinstance(node, exp.Literal):
        return exp.Placeholder()
    return node


_COMMUTATIVE = (exp.EQ, exp.NEQ, exp.NullSafeEQ, exp.Add, exp.Mul)


def _post_order(node: exp.Expr, rewrite: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
    """The tree rebuilt with each node rewritten after its children, so that a parent sees its children's
    rewritten forms and no node is skipped (sqlglot's transform does not descend into what it replaced)."""
    for key, value in list(node.args.items()):
        if isinstance(value, exp.Expr):
            node.set(key, _post_order(value, rewrite))
        elif isinstance(value, list):
            node.set(key, [_post_order(v, rewrite) if isinstance(v, exp.Expr) else v for v in value])
    return rewrite(node)


def _sort_commutative(tree: exp.Expr) -> exp.Expr:
    """Sort the operands of commutative nodes, children before their parents (so that a parent sorts on its
    children's sorted forms, whatever order they were written in), each node's key rendered once."""
    keys: dict[int, tuple[exp.Expr, str]] = {}

    def key(node: exp.Expr) -> str:
        # The node is kept with its key, so that its id is not reused by a new node while the keys are held.
        if id(node) not in keys:
            keys[id(node)] = (node, node.sql(dialect="duckdb"))
        return keys[id(node)][1]

    return _post_order(tree, lambda node: _sorted_node(node, key))


def _sorted_node(node: exp.Expr, key: Callable[[exp.Expr], str]) -> exp.Expr:
    if isinstance(node, (exp.GT, exp.GTE)):  # one direction: b > a is a < b
        return (exp.LT if isinstance(node, exp.GT) else exp.LTE)(this=node.expression, expression=node.this)
    if isinstance(node, exp.Connector):  # AND, OR: a chain is sorted once, at its top
        if type(node.parent) is type(node):
            return node
        operands = sorted(node.flatten(), key=key)
        joined = operands[0]
        for operand in operands[1:]:
            joined = type(node)(this=joined, expression=operand)
        return joined
    if isinstance(node, _COMMUTATIVE):
        left, right = sorted([node.this, node.expression], key=key)
        return type(node)(this=left, expression=right)
    if isinstance(node, exp.Group):
        node.set("expressions", sorted(node.expressions, key=key))
    if isinstance(node, exp.Window) and node.args.get("partition_by"):
        node.set("partition_by", sorted(node.args["partition_by"], key=key))
    if isinstance(node, exp.With):
        node.set("expressions", sorted(node.expressions, key=key))
    return node


def _tokenise(text: str, dialect: str) -> list[SqlToken]:
    try:
        return list(sqlglot.tokenize(text, read=dialect))
    except (SqlglotError, RecursionError, ValueError):
        return [
            SqlToken(TokenType.VAR, word, line=line)
            for line, row in enumerate(text.splitlines(), 1)
            for word in re.findall(r"\w+|[^\w\s]", row)
        ]


def _raw_tokens(text: str, dialect: str, names: frozenset[str]) -> tuple[Token, ...]:
    out = []
    for tok in _tokenise(text, dialect):
        if tok.token_type in _NAME_TYPES:
            word = tok.text.lower()
            out.append(Token(word if word in names else MASK, tok.line))
        elif tok.token_type in _LITERAL_TYPES or tok.token_type is TokenType.PLACEHOLDER:
            out.append(Token("?", tok.line))
        else:
            out.append(Token(tok.token_type.name, tok.line))
    return tuple(out)


def surface_features(source: str, dialect: str, names: frozenset[str]) -> frozenset[str]:
    """The style a copier keeps without noticing: own names (aliases, CTEs), comment text, literal spellings,
    and layout (each line's indentation with its first word, keyword case, comma placement)."""
    features: set[str] = set()
    for tok in _tokenise(source, dialect):
        if tok.token_type in _NAME_TYPES and tok.text.lower() not in names and len(tok.text) > 1:
            features.add("name:" + tok.text.lower())
        elif tok.token_type in _LITERAL_TYPES:
            features.add("literal:" + tok.text)
        for comment in tok.comments or []:
            words = " ".join(re.findall(r"\w+", comment.lower()))
            if words:
                features.add("comment:" + words)
    for line in source.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        first = re.match(r"[^\s(]+", stripped)
        word = first.group(0) if first else stripped[:1]
        features.add(f"layout:{len(line) - len(line.lstrip())}:{word}")
        if stripped.startswith(","):
            features.add("layout:leading-comma")
    keywords = re.findall(r"\b(select|from|where|group|order|join|with)\b", source, flags=re.IGNORECASE)
    if keywords:
        features.add(
            "case:"
            + (
                "lower"
                if all(k.islower() for k in keywords)
                else "upper"
                if all(k.isupper() for k in keywords)
                else "mixed"
            )
        )
    return frozenset(features)
