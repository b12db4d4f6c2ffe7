"""Every problem in the bank: its format, and every declared solution's verdict in the sandbox."""

from __future__ import annotations


import pytest

from judge.problems.loader import load_problem
from judge.verdicts import Verdict
from judge.verify import verify_problem
from tests.conftest import BANK

PROBLEMS_DIR = BANK
SLUGS = sorted(p.name for p in PROBLEMS_DIR.iterdir() if (p / "problem.yaml").exists())


@pytest.mark.parametrize("slug", SLUGS)
def test_problem_has_wrong_solutions_including_a_hardcoded_one(slug):
    problem = load_problem(PROBLEMS_DIR / slug)
    wrong = [s for s in problem.spec.solutions if s.expect is not Verdict.ACCEPTED]
    assert len(wrong) >= 3
    public = [g.name for g in problem.groups() if g.visibility == "public"]
    # A hard-coded solution passes the public examples and fails the hidden tests.
    assert any(all(s.groups.get(name) is Verdict.ACCEPTED for name in public) for s in wrong)


@pytest.mark.sandbox
@pytest.mark.parametrize("slug", SLUGS)
def test_every_declared_verdict_holds(judge, slug):
    outcome = verify_problem(judge, load_problem(PROBLEMS_DIR / slug))
    assert outcome.ok, "\n".join(outcome.failures)
    assert outcome.strength, "the test-strength check ran"
    assert outcome.reference_max_ms * 3 <= outcome.time_limit_ms


SQL_SLUGS = [s for s in SLUGS if "kind: sql" in (PROBLEMS_DIR / s / "problem.yaml").read_text()]


@pytest.mark.parametrize("slug", SQL_SLUGS)
def test_sql_problems_have_a_reference_in_every_dialect_they_offer(slug):
    problem = load_problem(PROBLEMS_DIR / slug)
    accepted = {s.dialect or problem.kind.reference_dialect(problem)
                for s in problem.spec.solutions if s.expect is Verdict.ACCEPTED}
    assert accepted == set(problem.dialects())
    assert len(accepted) == 6


def test_the_bank_is_complete_and_documented():
    expected = {"duplicate-songs", "ndcg-at-k", "third-unique-song", "top-artists-by-country",
                "top-artists-streaming", "discover-weekly", "duplicate-artists", "imbalanced-skip-classifier",
                "recsys-metrics", "popularity-bias-audit", "ab-test-readout", "skip-features-no-leakage",
                "train-serve-skew", "bootstrap-ci", "podcast-search", "dau-drop-diagnosis", "lm-cross-entropy"}
    assert expected <= set(SLUGS)
    catalogue = (PROBLEMS_DIR.parent / "docs" / "problems.md").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert f"`{slug}`" in catalogue, f"docs/problems.md does not describe {slug}"


def test_the_catalogue_is_current():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "scripts/problems_catalogue.py", "--check"], cwd=PROBLEMS_DIR.parent,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, "docs/problems.md is stale: run python3 scripts/problems_catalogue.py"
