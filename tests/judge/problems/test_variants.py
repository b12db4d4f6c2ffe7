"""Seeded variants (judge.problems.variants) on ndcg-at-k, judged in-process by the sandbox's own runner: each
seed gets hidden data of its own, the reference solves every one, and the hard-coded public answers (or a
leaked table of another seed's answers) solve none."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from judge.core import Judge
from judge.errors import VariantsFailed
from judge.problems.loader import load_problem
from judge.problems.variants import varied
from judge.sandbox.fake import FakeSandbox
from judge.settings import Settings
from judge.verdicts import Verdict, Visibility
from tests.conftest import BANK


@pytest.fixture(scope="module")
def ndcg():
    """ndcg-at-k without its two 60,000-item lists, which only make the in-process runs slow."""
    problem = load_problem(BANK / "ndcg-at-k")
    small = tuple(t for t in problem.tests if len(t.payload["args"][1]) < 20_000)
    cut = dataclasses.replace(problem, tests=small)
    cut.__dict__["version"] = problem.version
    return cut


@pytest.fixture(scope="module")
def judge(tmp_path_factory):
    return Judge(Settings(cache_dir=tmp_path_factory.mktemp("cache")), sandbox=FakeSandbox())


def source(name: str):
    from judge.source import Source

    return Source((BANK / "ndcg-at-k" / "solutions" / name).read_text(encoding="utf-8"), "python")


def test_each_seed_has_its_own_hidden_data_and_the_examples_stay(ndcg):
    one, two, again = varied(ndcg, 1), varied(ndcg, 2), varied(ndcg, 1)
    assert varied(ndcg, None) is ndcg and one.version == ndcg.version
    for base, a, b, a_again in zip(ndcg.tests, one.tests, two.tests, again.tests):
        if base.visibility is Visibility.PUBLIC:
            assert a.payload == b.payload == base.payload
        else:
            assert a.payload["args"][0] != base.payload["args"][0] or not base.payload["args"][0]
            assert a.payload == a_again.payload  # the seed fixes it
    answers = lambda p: [t.payload["expected"] for t in p.tests if t.group == "random"]  # noqa: E731
    assert answers(one) != answers(two) and answers(one) != answers(ndcg)


def test_the_reference_solves_every_variant_and_a_leak_solves_none(ndcg, judge):
    problem = varied(ndcg, 12345)
    assert judge.judge(problem, source("reference.py")).verdict is Verdict.ACCEPTED
    assert judge.judge(problem, source("hardcoded.py")).verdict is Verdict.WRONG_ANSWER
    # The answers of seed 7's random tests, leaked, hard-coded by their inputs' sizes: wrong for seed 8.
    leaked = {len(t.payload["args"][1]): t.payload["expected"] for t in varied(ndcg, 7).tests if t.group == "random"}
    cheat = f"LEAKED = {json.dumps(leaked)}\ndef ndcg_at_k(ranked, relevance, k):\n    return LEAKED.get(str(len(relevance)), 0.0)\n"
    from judge.source import Source

    on_7 = judge.judge(varied(ndcg, 7), Source(cheat, "python"))
    on_8 = judge.judge(varied(ndcg, 8), Source(cheat, "python"))
    groups = lambda r: {g.name: g.score for g in r.groups}  # noqa: E731
    assert groups(on_7)["random"] > 0.8 and groups(on_8)["random"] < 0.2


def test_a_broken_variants_file_is_the_judges_fault(tmp_path, ndcg):
    copy = tmp_path / "ndcg-at-k"
    shutil.copytree(BANK / "ndcg-at-k", copy)
    (copy / "tools" / "variants.py").write_text("def vary(payload, seed, group):\n    return {'args': []}\n")
    with pytest.raises(VariantsFailed, match="same keys"):
        varied(load_problem(copy), 1)
