"""Seeded variants of ndcg-at-k's hidden tests, for hiring assessments (judge.problems.variants).

    vary(payload, seed, group) -> payload

Each candidate's seed gives every hidden test new item names (a seeded relabelling, which NDCG does not
see) and, in the random group, relevances scaled by a seeded factor of 0.8 to 1.25 each (rounded to two
places), so that the answers differ from one candidate to the next. The edge cases keep their values (an
all-zero relevance stays all zero, a fractional one stays below one): their point is the case itself. The
answer is computed with solutions/reference.py, as tools/generate.py computes the tests' own.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _reference():
    spec = importlib.util.spec_from_file_location("ndcg_reference", HERE / "solutions" / "reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ndcg_at_k


NDCG = _reference()


def vary(payload: dict, seed: int, group: str) -> dict:
    ranked, relevance, k = payload["args"]
    rng = random.Random(f"ndcg-at-k:{seed}:{len(ranked)}:{len(relevance)}:{k}")
    names = sorted(set(ranked) | set(relevance))
    fresh = [f"t{n}" for n in rng.sample(range(10 * len(names) + 10), len(names))]
    rename = dict(zip(names, fresh))
    scale = group == "random"  # the edge cases keep their values
    varied_relevance = {
        rename[item]: round(value * rng.uniform(0.8, 1.25), 2) if scale and value > 0 else value
        for item, value in relevance.items()
    }
    varied_ranked = [rename[item] for item in ranked]
    return {
        "args": [varied_ranked, varied_relevance, k],
        "expected": NDCG(varied_ranked, varied_relevance, k),
    }
