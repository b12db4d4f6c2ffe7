"""Kattis-style verification: every declared solution gets the verdict it declares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from judge.core import Judge
from judge.grading import build_job
from judge.source import Source
from judge.format.model import Problem
from judge.format.spec import SolutionSpec
from judge.verdicts import SubmissionResult, TestResult, Verdict, Visibility


TIME_MARGIN = 3  # the time limit over the reference's slowest test, at least


@dataclass(frozen=True)
class SolutionOutcome:
    solution: SolutionSpec
    result: SubmissionResult
    failures: tuple[str, ...]


@dataclass(frozen=True)
class GroupStrength:
    """Which wrong solutions a hidden group catches: the proof that it earns its place."""

    group: str
    caught: tuple[str, ...]
    performance: bool = False


@dataclass(frozen=True)
class RuleCoverage:
    """A rule of the statement, and what its declared breakers got on its tests: the proof that it is tested."""

    rule: str
    tests: tuple[str, ...]
    breakers: tuple[str, ...]  # the declared wrong solutions that break it
    failed: tuple[str, ...]  # the rule's tests that one of them at least failed


@dataclass(frozen=True)
class ProblemVerification:
    problem: str
    outcomes: tuple[SolutionOutcome, ...] = ()
    failures: tuple[str, ...] = ()
    reference_max_ms: float | None = None  # the CPU time of the reference's slowest test
    time_limit_ms: float | None = None  # the CPU time limit of a test
    worst_case_s: float | None = None  # the longest one submission can hold a worker (DockerSandbox.worst_case_s)
    notes: tuple[str, ...] = field(default_factory=tuple)
    strength: tuple[GroupStrength, ...] = ()
    reference_max_wall_ms: float | None = None  # its wall time, shown beside it: it grows with the machine's load
    rules: tuple[RuleCoverage, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failures


def declared_solutions(problem: Problem) -> list[SolutionSpec]:
    solutions = list(problem.spec.solutions)
    if all(s.file != problem.spec.reference for s in solutions):
        solutions.insert(
            0,
            SolutionSpec(
                file=problem.spec.reference, expect=Verdict.ACCEPTED, dialect=problem.kind.reference_dialect(problem)
            ),
        )
    return solutions


def check_outcome(solution: SolutionSpec, result: SubmissionResult) -> tuple[str, ...]:
    failures = []
    if result.verdict is not solution.expect:
        detail = f" ({result.message})" if result.message else ""
        failures.append(f"{solution.file}: expected {solution.expect.value}, got {result.verdict.value}{detail}")
    groups = {g.name: g for g in result.groups}
    for name, expected in solution.groups.items():
        actual = groups[name].verdict
        if actual is not expected:
            failures.append(f"{solution.file}: group {name} expected {expected.value}, got {actual.value}")
    return tuple(failures)


def group_strength(problem: Problem, outcomes: list[SolutionOutcome]) -> tuple[tuple[GroupStrength, ...], list[str]]:
    """For each hidden group, the wrong solutions it fails; a failure for each group that fails none
    (unless it is performance-only) and for each wrong solution that passes every group."""
    wrong = [o for o in outcomes if o.solution.expect is not Verdict.ACCEPTED]
    strength, failures = [], []
    for group in problem.groups():
        if group.visibility is not Visibility.HIDDEN:
            continue
        caught = tuple(
            o.solution.file
            for o in wrong
            if any(g.name == group.name and g.verdict is not Verdict.ACCEPTED for g in o.result.groups)
        )
        strength.append(GroupStrength(group.name, caught, group.performance))
        if not caught and not group.performance:
            failures.append(
                f"hidden group {group.name} fails none of the wrong solutions: "
                "add a test that catches one, or mark the group performance: true"
            )
    for outcome in wrong:
        if outcome.result.groups and all(g.verdict is Verdict.ACCEPTED for g in outcome.result.groups):
            failures.append(f"{outcome.solution.file}: a wrong solution passes every test group")
    return tuple(strength), failures


def _fails(test: TestResult) -> bool:
    """Below the pass mark: a verdict other than accepted, and less than the test's full credit."""
    return test.verdict is not Verdict.ACCEPTED and test.score < 1


def rule_coverage(problem: Problem, outcomes: list[SolutionOutcome]) -> tuple[tuple[RuleCoverage, ...], list[str]]:
    """For each rule, its breakers' results on its tests. A failure when a breaker is accepted, scores 100, or
    passes every test of the rule it breaks, and when a test the rule names fails none of its breakers."""
    coverage, failures = [], []
    for rule in problem.spec.rules:
        breakers = [o for o in outcomes if rule.id in o.solution.breaks]
        failed: set[str] = set()
        for outcome in breakers:
            tests = {t.name: t for t in outcome.result.tests}
            caught = {name for name in rule.tests if name in tests and _fails(tests[name])}
            failed |= caught
            name = outcome.solution.file
            if outcome.result.verdict is Verdict.ACCEPTED or outcome.result.score >= 100:
                failures.append(
                    f"rule {rule.id}: {name} breaks it and is {outcome.result.verdict.value} "
                    f"with {outcome.result.score:g}"
                )
            if not caught:
                failures.append(f"rule {rule.id}: {name} breaks it and passes every test of the rule")
        for name in rule.tests:
            if breakers and name not in failed:
                failures.append(f"rule {rule.id}: the test {name} fails none of the solutions that break the rule")
        coverage.append(
            RuleCoverage(rule.id, tuple(rule.tests), tuple(o.solution.file for o in breakers), tuple(sorted(failed)))
        )
    return tuple(coverage), failures


def verify_problem(
    judge: Judge,
    problem: Problem,
    on_solution: Callable[[str], None] = lambda _: None,
    check_strength: bool = True,
    check_rules: bool = True,
) -> ProblemVerification:
    """Judges every declared solution. With check_rules, a problem must state its rules (rules:), and each
    must be covered (rule_coverage)."""
    outcomes, failures = [], []
    reference_max_ms = reference_max_wall_ms = None
    for solution in declared_solutions(problem):
        on_solution(solution.file)
        source = (problem.directory / solution.file).read_text(encoding="utf-8")
        accepted = judge.accept(
            problem, source, problem.kind.language, solution.dialect or problem.kind.reference_dialect(problem)
        )
        result = judge.judge(problem, accepted, label=f"verify:{problem.slug}")
        found = check_outcome(solution, result)
        outcomes.append(SolutionOutcome(solution, result, found))
        failures += found
        if solution.file == problem.spec.reference:
            # CPU time against the CPU limit: the wall time of a test grows with the machine's load, its CPU
            # time does not (the wall time is shown beside it).
            times = [t.cpu_ms for t in result.tests if t.cpu_ms is not None]
            walls = [t.wall_ms for t in result.tests if t.wall_ms is not None]
            reference_max_ms = max(times) if times else None
            reference_max_wall_ms = max(walls) if walls else None
    if reference_max_ms is not None and reference_max_ms * TIME_MARGIN > problem.spec.limits.time_s * 1000:
        failures.append(
            f"the reference's slowest test takes {reference_max_ms:.0f} ms of CPU time: the time limit "
            f"({problem.spec.limits.time_s:g} s) must be at least {TIME_MARGIN}x that"
        )
    strength: tuple[GroupStrength, ...] = ()
    if check_strength:
        strength, weak = group_strength(problem, outcomes)
        failures += weak
    rules: tuple[RuleCoverage, ...] = ()
    if check_rules:
        if not problem.spec.rules:
            failures.append("no rules: list the rules the statement states, each with its tests (rules:)")
        rules, uncovered = rule_coverage(problem, outcomes)
        failures += uncovered
    any_source = Source("", problem.kind.language, problem.kind.reference_dialect(problem))
    worst_case = judge.sandbox.worst_case_s(build_job(problem, any_source))
    return ProblemVerification(
        problem.slug,
        tuple(outcomes),
        tuple(failures),
        reference_max_ms,
        problem.spec.limits.time_s * 1000,
        worst_case_s=worst_case,
        strength=strength,
        reference_max_wall_ms=reference_max_wall_ms,
        rules=rules,
    )
