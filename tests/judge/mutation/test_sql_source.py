"""Mutants of a SQL reference, on sqlglot's tree, printed in the reference's dialect."""

from __future__ import annotations

import sqlglot

from judge.mutation.sql_source import sql_mutants

SOURCE = """
SELECT DISTINCT u.user_id, COUNT(DISTINCT p.song_id) AS songs,
       ROW_NUMBER() OVER (PARTITION BY u.country ORDER BY u.user_id) AS n
FROM users u JOIN plays p ON p.user_id = u.user_id
WHERE p.ms_played >= 30000 AND u.country = 'SE'
GROUP BY u.user_id, u.country
HAVING COUNT(*) > 2
ORDER BY songs DESC
"""


def labels(mutants, operator):
    return sorted(m.id.split(":", 1)[1].rsplit("#", 1)[0] for m in mutants if m.id.startswith(operator + ":"))


def test_every_operator_applies_where_it_should():
    mutants = sql_mutants(SOURCE, "duckdb")
    assert labels(mutants, "ranking") == ["RowNumber to DenseRank", "RowNumber to Rank"]
    assert len(labels(mutants, "compare")) == 4  # =, >=, =, >
    assert labels(mutants, "join") == ["JOIN to LEFT"]
    assert labels(mutants, "distinct") == ["COUNT(DISTINCT p.song_id) without DISTINCT", "SELECT DISTINCT to SELECT"]
    assert len(labels(mutants, "order")) == 2  # the window's and the query's
    assert labels(mutants, "condition") == ["drop p.ms_played >= 30000", "drop u.country = 'SE'"]
    assert "30000 to 30001" in labels(mutants, "constant") and "2 to 1" in labels(mutants, "constant")


def test_each_mutant_parses_in_its_dialect_and_differs():
    reference = sqlglot.parse_one(SOURCE, read="duckdb").sql(dialect="duckdb")
    for dialect in ("duckdb", "postgres"):
        mutants = sql_mutants(SOURCE, dialect)
        assert len({m.id for m in mutants}) == len(mutants)
        for mutant in mutants:
            parsed = sqlglot.parse_one(mutant.source, read=dialect)
            assert parsed.sql(dialect="duckdb") != reference, mutant.id


def test_dropping_a_condition_keeps_the_other():
    mutants = {m.id: m for m in sql_mutants("SELECT a FROM t WHERE a > 1 AND b = 2", "duckdb")}
    dropped = next(m for i, m in mutants.items() if i.startswith("condition:drop a > 1"))
    assert "WHERE" in dropped.source and "b = 2" in dropped.source and "a > 1" not in dropped.source
