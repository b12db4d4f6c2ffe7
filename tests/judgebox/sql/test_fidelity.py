"""The SQL fidelity suite, judged in the real sandbox: every correct variant accepted, every wrong one rejected.

Known limitations are declared in the case files with the verdict they get
today, and docs/sql.md must list each one and carry the suite's table.
"""

from __future__ import annotations


import pytest

from judge.core import Judge
from judge.problems.loader import load_problem
from judge.sandbox.fake import FakeSandbox
from judge.verify import verify_problem
from judgebox.protocol import DIALECTS
from tests.conftest import REPO
from tests.judgebox.sql.fidelity import datasets, limitations, load_cases, report, shares, write_problem

CASES = load_cases()
DOCS = REPO / "docs" / "sql.md"


def test_the_suite_is_as_large_as_promised():
    table = shares(CASES)
    assert sum(row.get("correct", 0) for row in table.values()) >= 60
    assert sum(row.get("wrong", 0) for row in table.values()) >= 20
    for dialect in DIALECTS:
        assert table[dialect].get("correct", 0) >= 5, dialect
    assert len({c.name for c in CASES}) == len(CASES), "case names are unique"
    assert len(datasets()) >= 2


def test_wrong_variants_say_why_and_limitations_give_a_reason():
    for case in CASES:
        for variant in case.variants:
            assert variant.dialect in DIALECTS, (case.name, variant.dialect)
            assert variant.expect in ("accepted", "wrong_answer"), (case.name, variant.expect)
            if not variant.correct:
                assert variant.why, case.name
                assert variant.limitation is None, "a limitation is a correct query the judge gets wrong"
            if variant.limitation:
                assert set(variant.limitation) == {"got", "reason"}, case.name
                assert variant.limitation["got"] != "accepted", case.name


def test_docs_carry_the_table_and_every_limitation():
    text = DOCS.read_text(encoding="utf-8")
    assert report(CASES) in text, "docs/sql.md: paste the table from python -m tests.judgebox.sql.fidelity"
    for case, variant in limitations(CASES):
        assert f"`{case.name}` ({variant.dialect})" in text, f"docs/sql.md must list {case.name} ({variant.dialect})"


@pytest.fixture(scope="module")
def sql_judge(settings, tmp_path_factory):
    """The runner's own SQL code, in-process: what this suite is about is how each dialect's query is read,
    translated and run, the same code as in the box (its libraries are the image's, pinned alike in
    pyproject.toml and sandbox/requirements.txt); isolation is not. The cases below run in the real sandbox
    too, one per dialect."""
    cache = tmp_path_factory.mktemp("fidelity-cache")
    return Judge(settings.model_copy(update={"cache_dir": cache}), sandbox=FakeSandbox())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_variant_gets_its_verdict(sql_judge, tmp_path, case):
    problem = load_problem(write_problem(case, tmp_path / case.name))
    outcome = verify_problem(sql_judge, problem, check_strength=False, check_rules=False)  # fidelity, not rules
    assert outcome.ok, "\n".join(outcome.failures)


def _one_case_per_dialect():
    chosen = {}
    for case in CASES:
        for variant in case.variants:
            chosen.setdefault(variant.dialect, case)
    return sorted(set(chosen.values()), key=lambda c: c.name)


@pytest.mark.sandbox
@pytest.mark.parametrize("case", _one_case_per_dialect(), ids=lambda c: c.name)
def test_cases_get_the_same_verdicts_in_the_real_sandbox(judge, tmp_path, case):
    problem = load_problem(write_problem(case, tmp_path / case.name))
    outcome = verify_problem(judge, problem, check_strength=False, check_rules=False)
    assert outcome.ok, "\n".join(outcome.failures)
