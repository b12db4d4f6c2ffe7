"""Seeded variants: a hiring assessment may give each candidate hidden data of their own, fixed by a seed their
invite holds, so that an answer leaked by one candidate helps nobody else.

A problem offers them with `variants: tools/variants.py` in problem.yaml, a file that defines

    def vary(payload: dict, seed: int, group: str) -> dict

taking a hidden test's parsed JSON (its inputs and its answer key) and its group, and returning the variant's, with an answer
that is right for the varied inputs. It runs in the worker, never in the box, like the problem's checkers;
the box gets the varied inputs only. The public examples are never varied (a candidate reads them), and
seed None (no variants asked for) is the problem as written. Offered for the Python kinds, whose tests carry
their answers; an SQL problem's answers are its reference's outputs, derived once per version, so a variant
would need the reference run per seed.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from typing import Any

from judge.errors import VariantsFailed
from judge.format.model import Problem
from judge.verdicts import Visibility

MAX_PAYLOAD_BYTES = 8 * 1024 * 1024  # a varied test, as JSON


def offered(problem: Problem) -> bool:
    return bool(getattr(problem.spec, "variants", None)) and all(t.payload is not None for t in problem.tests)


def varied(problem: Problem, seed: int | None) -> Problem:
    """The problem as the candidate of this seed gets it: each hidden test's payload varied by the problem's
    vary(); unchanged if the seed is None or the problem offers no variants. VariantsFailed if vary() fails or
    returns what is not a test (the problem's fault, not the candidate's)."""
    if seed is None or not offered(problem):
        return problem
    vary = _vary_of(problem)
    tests = []
    for test in problem.tests:
        if test.visibility is Visibility.HIDDEN:
            try:
                payload = vary(json.loads(json.dumps(test.payload)), seed, test.group)
                size = len(json.dumps(payload))
            except Exception as exc:  # noqa: BLE001 - the author's code failed: the judge's fault, retried never
                raise VariantsFailed(f"{problem.slug}: vary() failed on {test.name}: {type(exc).__name__}: {exc}") from exc
            if not isinstance(payload, dict) or set(payload) != set(test.payload or {}) or size > MAX_PAYLOAD_BYTES:
                raise VariantsFailed(f"{problem.slug}: vary() must return a test with the same keys, at most 8 MiB")
            test = dataclasses.replace(test, payload=payload)
        tests.append(test)
    copy = dataclasses.replace(problem, tests=tuple(tests))
    copy.__dict__["version"] = problem.version  # the same version, another seed: its hash is not computed again
    return copy


def _vary_of(problem: Problem) -> Any:
    path = problem.directory / str(problem.spec.variants)  # type: ignore[attr-defined]
    spec = importlib.util.spec_from_file_location(f"judge_variants_{problem.slug.replace('-', '_')}", path)
    if spec is None or spec.loader is None:
        raise VariantsFailed(f"{problem.slug}: its variants file {path.name} cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - the author's file does not even load
        raise VariantsFailed(f"{problem.slug}: its variants file failed to load: {exc}") from exc
    vary = getattr(module, "vary", None)
    if not callable(vary):
        raise VariantsFailed(f"{problem.slug}: its variants file defines no vary(payload, seed, group)")
    return vary
