"""Judging a problem's mutants against its tests, and the mutation score.

A mutant is killed when some test fails it (any verdict but accepted), stillborn when it does not even load
(a compile error: no test was needed to catch it), and it survives otherwise, unless problem.yaml declares
it equivalent. The score counts declared equivalents as killed and leaves stillborn ones out:
(killed + equivalent) / (mutants - stillborn).
"""

from __future__ import annotations

import random
from fnmatch import fnmatchcase
from dataclasses import dataclass
from typing import Callable

from judge.core import Judge
from judge.format.model import Problem
from judge.mutation import Mutant
from judge.mutation.python_source import python_mutants
from judge.mutation.sql_source import sql_mutants
from judge.source import Source
from judge.verdicts import Verdict

TARGET = 0.9  # the mutation score every problem of the bank must reach


@dataclass(frozen=True)
class MutantOutcome:
    mutant: Mutant
    status: str  # "killed", "survived", "equivalent", "stillborn", "error"
    verdict: Verdict | None = None
    failing_test: str | None = None  # the first test that told it apart, for a killed one


@dataclass(frozen=True)
class MutationReport:
    problem: str
    outcomes: tuple[MutantOutcome, ...]
    stale: tuple[str, ...] = ()  # declared equivalent, but no such mutant is made any more

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def score(self) -> float:
        judged = len(self.outcomes) - self.count("stillborn")
        return (self.count("killed") + self.count("equivalent")) / judged if judged else 1.0

    @property
    def survivors(self) -> list[MutantOutcome]:
        return [o for o in self.outcomes if o.status in ("survived", "error")]


def mutants_of(problem: Problem) -> list[Mutant]:
    """Every mutant of the problem's reference solution, in a stable order."""
    source = (problem.directory / problem.spec.reference).read_text(encoding="utf-8")
    if problem.kind.language == "sql":
        return sql_mutants(source, problem.kind.reference_dialect(problem))
    return python_mutants(source)


def sample(mutants: list[Mutant], limit: int | None, seed: str) -> list[Mutant]:
    """At most `limit` of the mutants, the same ones for the same seed (a problem's slug)."""
    if limit is None or len(mutants) <= limit:
        return mutants
    return sorted(random.Random(seed).sample(mutants, limit), key=mutants.index)


def mutate(
    judge: Judge, problem: Problem, limit: int | None = None, progress: Callable[[str], None] = lambda _: None
) -> MutationReport:
    """Judge the problem's mutants (a sample of `limit`, if given) and say which survive."""
    every = mutants_of(problem)
    declared = problem.spec.mutants.equivalent
    outcomes = []
    chosen = sample(every, limit, problem.slug)
    for number, mutant in enumerate(chosen, 1):
        progress(f"mutant {number}/{len(chosen)}: {mutant.description}")
        outcomes.append(judge_mutant(judge, problem, mutant, declared))
    return MutationReport(problem.slug, tuple(outcomes), stale_declarations(every, declared))


def declared_equivalent(mutant_id: str, declared: dict[str, str]) -> bool:
    """Whether problem.yaml declares the mutant equivalent: by its id, or by a pattern (`*`, `?`, `[...]`, as
    fnmatch has them) for a family, such as every constant of a model's hyper-parameters."""
    return mutant_id in declared or any(fnmatchcase(mutant_id, key) for key in declared if _is_pattern(key))


def stale_declarations(mutants: list[Mutant], declared: dict[str, str]) -> tuple[str, ...]:
    """Declarations that name no mutant made now: the reference changed under them."""
    ids = [m.id for m in mutants]
    return tuple(
        sorted(
            key for key in declared if not (any(fnmatchcase(i, key) for i in ids) if _is_pattern(key) else key in ids)
        )
    )


def _is_pattern(key: str) -> bool:
    return any(c in key for c in "*?[")


def judge_mutant(judge: Judge, problem: Problem, mutant: Mutant, declared: dict[str, str]) -> MutantOutcome:
    language = problem.kind.language
    dialect = problem.kind.reference_dialect(problem) if language == "sql" else None
    result = judge.judge(problem, Source(mutant.source, language, dialect), label="mutant")
    if result.verdict is Verdict.COMPILE_ERROR:
        return MutantOutcome(mutant, "stillborn", result.verdict)
    if result.verdict is Verdict.INTERNAL_ERROR:
        return MutantOutcome(mutant, "error", result.verdict)
    if result.verdict is not Verdict.ACCEPTED:
        failing = next((t.name for t in result.tests if t.verdict is not Verdict.ACCEPTED), None)
        return MutantOutcome(mutant, "killed", result.verdict, failing)
    return MutantOutcome(
        mutant, "equivalent" if declared_equivalent(mutant.id, declared) else "survived", result.verdict
    )
