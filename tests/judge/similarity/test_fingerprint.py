"""The similarity core: disguised copies keep their fingerprints, independent work and starter code do not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlglot

from tests.judge.similarity.samples import INDEPENDENT_PY, INDEPENDENT_SQL
from judge.similarity.compare import Stored, clusters, corpus, percentile
from judge.similarity.fingerprint import Context, fingerprint
from judge.similarity.python import entry_names
from judge.similarity.winnow import stable_hash

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = {"song_plays": {"play_id": "INTEGER", "user_id": "INTEGER", "song_id": "INTEGER", "played_at": "TIMESTAMP"}}
SQL = Context("sql", SCHEMA, frozenset())
REFERENCE_SQL = (ROOT / "problems/third-unique-song/solutions/reference.sql").read_text()
NDCG_STARTER = (ROOT / "problems/ndcg-at-k/starter.py").read_text()
PY = Context("python", {}, entry_names(NDCG_STARTER))
REFERENCE_PY = (ROOT / "problems/ndcg-at-k/solutions/reference.py").read_text()


def _stored(source: str, context: Context, dialect: str | None = None) -> Stored:
    fp = fingerprint(source, dialect, context)
    return Stored(frozenset(fp.hashes), fp.surface)


def _structure(a: str, b: str, context: Context, da: str | None = None, db: str | None = None) -> float:
    pair = corpus([], None).pair(_stored(a, context, da), _stored(b, context, db))
    assert pair is not None
    return pair.structure


def test_the_hash_is_stable_across_processes():
    here = stable_hash(["SELECT", "_", "FROM"])
    code = "from judge.similarity.winnow import stable_hash; print(stable_hash(['SELECT', '_', 'FROM']))"
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
    )
    assert int(other.stdout) == here
    assert -(2**63) <= here < 2**63


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "bigquery", "snowflake", "sqlite", "tsql"])
def test_a_dialect_port_of_sql_keeps_its_structure(dialect):
    port = sqlglot.transpile(REFERENCE_SQL, read="duckdb", write=dialect, pretty=True)[0]
    assert _structure(REFERENCE_SQL, port, SQL, "duckdb", dialect) >= 0.9


def test_renamed_lower_cased_sql_without_comments_is_the_same_structure():
    copy = (
        REFERENCE_SQL.replace("first_plays", "fp")
        .replace("numbered", "n2")
        .replace("song_number", "rn")
        .replace("first_played_at", "t0")
    )
    copy = "\n".join(line for line in copy.lower().splitlines() if not line.startswith("--"))
    assert _structure(REFERENCE_SQL, copy, SQL) >= 0.95


def test_independent_sql_shares_little_structure():
    assert _structure(REFERENCE_SQL, INDEPENDENT_SQL, SQL) < 0.5


def test_sql_dialect_spellings_meet():
    a = "SELECT user_id FROM song_plays WHERE YEAR(played_at) = 2024 AND IFNULL(song_id, 0) > 3 LIMIT 5"
    b = "SELECT TOP 5 user_id FROM song_plays WHERE COALESCE(song_id, 0) > 3 AND DATEPART(year, played_at) = 2024"
    na = fingerprint(a, "mysql", SQL).shown
    nb = fingerprint(b, "tsql", SQL).shown
    assert na == nb


def test_sql_that_does_not_parse_still_gets_a_fingerprint():
    fp = fingerprint("SELEC user_id FROM song_plays WHERE ((", "duckdb", SQL)
    assert not fp.parsed and fp.hashes


def test_renamed_reordered_python_with_dead_code_is_the_same_structure():
    copy = '''
import math
import heapq

# compute ndcg
def ndcg_at_k(ranked, relevance, k):
    """my solution"""
    debug = 1
    d = helper(relevance.get(x, 0.0) for x in ranked[:k])
    best = helper(heapq.nlargest(k, relevance.values()))
    print(d, best)
    if best == 0.0:
        return 0.0
    return d / best


def helper(values):
    acc = 0.0
    for pos, value in enumerate(values, start=1):
        acc += (2.0 ** value - 1.0) / math.log2(pos + 1)
    if False:
        acc = -1
    return acc


def unused(a):
    return a * 2
'''
    assert _structure(REFERENCE_PY, copy, PY) >= 0.9


def test_loops_and_comprehensions_meet():
    loop = (
        "def f(xs):\n    out = []\n    for x in xs:\n        if x > 1:\n            out.append(x * 2)\n    return out\n"
    )
    comp = "def f(items):\n    result = [i * 2 for i in items if i > 1]\n    return result\n"
    ctx = Context("python", {}, frozenset({"f"}))
    assert fingerprint(loop, None, ctx).hashes.keys() == fingerprint(comp, None, ctx).hashes.keys()


def test_temporaries_lifted_out_of_an_expression_meet_it():
    nested = "def f(xs, k):\n    return sum(math.log2(x + 1) for x in xs) / max(len(xs[:k]), 1)\n"
    lifted = (
        "def f(xs, k):\n    a = xs[:k]\n    b = len(a)\n    c = max(b, 1)\n    keep = 3\n"
        "    return sum(math.log2(x + 1) for x in xs) / c\n"
    )
    ctx = Context("python", {}, frozenset({"f"}))
    assert fingerprint(nested, None, ctx).hashes.keys() == fingerprint(lifted, None, ctx).hashes.keys()


def test_a_temporary_read_twice_or_later_is_kept():
    once = "def f(xs):\n    n = len(xs)\n    return n * n + g(n)\n"
    inlined = "def f(xs):\n    return len(xs) * len(xs) + g(len(xs))\n"
    later = "def f(xs):\n    n = len(xs)\n    g(xs)\n    return n + 1\n"
    ctx = Context("python", {}, frozenset({"f"}))
    assert fingerprint(once, None, ctx).hashes.keys() != fingerprint(inlined, None, ctx).hashes.keys()
    assert (
        fingerprint(later, None, ctx).hashes.keys()
        != fingerprint("def f(xs):\n    g(xs)\n    return len(xs) + 1\n", None, ctx).hashes.keys()
    )


def test_independent_python_shares_little_structure():
    assert _structure(REFERENCE_PY, INDEPENDENT_PY, PY) < 0.5


def test_python_that_does_not_parse_still_gets_a_fingerprint():
    fp = fingerprint("def f(:\n    return 1 +\n", None, PY)
    assert not fp.parsed and fp.hashes


def test_the_starter_alone_never_makes_two_submissions_similar():
    starter = _stored(NDCG_STARTER, PY)
    filled_a = NDCG_STARTER.replace("raise NotImplementedError", "return 0.0")
    filled_b = NDCG_STARTER.replace("raise NotImplementedError", "return 1.0 if k else 0.0")
    prepared = corpus([], starter)
    a, b = _stored(filled_a, PY), _stored(filled_b, PY)
    # What is left after the starter is too small to score: reported as not comparable, never as a match.
    assert prepared.pair(a, b) is None


def test_fingerprints_common_to_most_submissions_are_excluded():
    items = [_stored(REFERENCE_PY.replace("total", f"t{i}"), PY) for i in range(12)]
    prepared = corpus(items, None)
    assert prepared.excluded and not prepared.comparable(items[0])


def test_percentiles_and_clusters():
    assert percentile([0.1, 0.2, 0.3, 0.9], 0.9) == 100.0
    assert percentile([0.1, 0.2, 0.3, 0.9], 0.2) == 50.0
    assert percentile([], 0.5) == 0.0
    assert clusters([("a", "b"), ("b", "c"), ("d", "e")]) == [["a", "b", "c"]]
