"""Turning a sandbox run into verdicts, per-test results and a score. No I/O here."""

from __future__ import annotations

import dataclasses
import logging
import time

from collections.abc import Sequence
from typing import Any, Literal

from judgebox.protocol import RunStatus

from judge.format.model import Problem, TestCase
from judge.format.spec import GroupSpec
from judge.sandbox.job import JobTest, SandboxJob
from judge.sandbox.report import RunReport, TestOutcome
from judge.source import Source
from judge.verdicts import CompileDiagnostic, GroupResult, SubmissionResult, TestResult, Verdict, Visibility

log = logging.getLogger(__name__)
References = Sequence[Any] | None | Literal["derive"]  # what Judge.judge is given (see there)
# CPU time the judge may spend checking one submission's outputs, outside the box. The checkers are linear in
# what they compare (judge.checkers.keyed), so an honest submission spends a small part of it; one whose
# outputs cost more has its remaining tests given time_limit_exceeded, as if its own time had run out.
CHECK_CPU_BUDGET_S = 10.0


class CheckBudget:
    """What is left of CHECK_CPU_BUDGET_S for one submission, counted in the checking thread's CPU time."""

    def __init__(self, seconds: float = CHECK_CPU_BUDGET_S):
        self.seconds = seconds
        self.left = seconds

    @property
    def spent(self) -> bool:
        return self.left <= 0

    def overrun(self) -> dict[str, str]:
        return {
            "message": f"checking this submission's outputs took more than {self.seconds:g} s of the judge's CPU "
            "time; this and the remaining tests were not checked"
        }


def examples_only(problem: Problem, references: References) -> tuple[Problem, References]:
    """The problem cut to its public tests, for a run on the examples, with the reference outputs that go with
    them. Each public group counts alike and in proportion to its tests passed: the examples weigh nothing in
    a graded submission, and a run's score says how many of them passed. ValueError if it has none."""
    keep = [i for i, test in enumerate(problem.tests) if test.visibility is Visibility.PUBLIC]
    groups = [
        g.model_copy(update={"weight": 1.0, "partial": True})
        for g in problem.groups()
        if g.visibility is Visibility.PUBLIC and any(problem.tests[i].group == g.name for i in keep)
    ]
    if not groups:
        raise ValueError(f"{problem.slug} has no public examples to run on")
    scoring = problem.spec.scoring.model_copy(update={"groups": groups})
    cut = dataclasses.replace(
        problem, spec=problem.spec.model_copy(update={"scoring": scoring}), tests=tuple(problem.tests[i] for i in keep)
    )
    cut.__dict__["version"] = problem.version  # the same directory: its hash is not computed again
    if references is None or references == "derive":  # none stored, or derived for the cut problem alone
        return cut, references
    return cut, [references[i] for i in keep]


def build_job(problem: Problem, source: Source, label: str = "check") -> SandboxJob:
    """What the sandbox runs: the source, the kind's task settings, the limits and every test's inputs.

    A hidden all-or-nothing group scores 0 once one of its tests fails in the runner, so the rest of it is
    skipped. Public groups are always run through: their feedback is what a candidate learns from.
    """
    tests = tuple(
        JobTest(group=test.group, hidden=test.visibility is Visibility.HIDDEN, inputs=_inputs(problem, test))
        for test in problem.tests
    )
    skip = tuple(g.name for g in problem.groups() if g.visibility is Visibility.HIDDEN and not g.partial)
    return SandboxJob(
        source=source,
        config=problem.kind.task_config(problem, source),
        limits=problem.spec.limits,
        tests=tests,
        skip_after_failure=skip,
        label=label,
    )


def _inputs(problem: Problem, test: TestCase) -> dict[str, bytes]:
    """The test's files for the box, made once per loaded test: encoding ndcg-at-k's 53 tests (9 MB of JSON)
    cost a worker 0.18 s of CPU per submission. Kept on the test object itself (as Problem keeps its version),
    so it lives as long as the loaded problem and a variant's own tests (new objects) get their own."""
    made: dict[str, bytes] | None = test.__dict__.get(_INPUTS)
    if made is None:
        made = test.__dict__[_INPUTS] = problem.kind.input_files(test)
    return made


_INPUTS = "_box_inputs"


def grade_report(
    problem: Problem,
    source: Source,
    report: RunReport,
    reference_outputs: list[Any] | None,
    graded: dict[int, TestResult] | None = None,
    budget: CheckBudget | None = None,
) -> SubmissionResult:
    """Grade what the runner reported, test by test, against the expected outputs (given or the reference's).

    A test the report says nothing about is graded from how the run ended (killed for time or memory, or
    the judge's fault), never dropped; groups and the score follow from the tests. `graded` holds the tests
    already graded as their outcomes streamed in (Judge.judge), which are not graded twice.
    """
    if report.compile_error is not None:
        tests = tuple(_result(test, Verdict.COMPILE_ERROR, 0.0, None, {}) for test in problem.tests)
        return _summarise(problem, source, tests, report, compile_error=report.compile_error)
    graded = graded or {}
    tests = tuple(
        graded[i]
        if i in graded
        else grade_test(
            problem, i, report.tests[i] if i < len(report.tests) else None, report, reference_outputs, budget
        )
        for i in range(len(problem.tests))
    )
    return _summarise(problem, source, tests, report, message=report.internal_error)


def internal_error_result(problem: Problem, source: Source, message: str) -> SubmissionResult:
    tests = tuple(_result(test, Verdict.INTERNAL_ERROR, 0.0, None, {}) for test in problem.tests)
    return _summarise(problem, source, tests, RunReport(tests=()), message=message)


def grade_test(
    problem: Problem,
    index: int,
    outcome: TestOutcome | None,
    report: RunReport | None,
    reference_outputs: list[Any] | None,
    budget: CheckBudget | None = None,
) -> TestResult:
    """One test's result from its outcome; with no outcome, from how the run ended (`report`). Checking an
    output spends `budget`, if given; once it is spent, an output is not checked."""
    test = problem.tests[index]
    if outcome is None:
        # A container the host had to stop (timed_out) outlived the runner's own bounds, which end every
        # test, starved or not, before it: the judge failed, not the candidate.
        if report is not None and report.oom_killed and not report.internal_error:
            verdict = Verdict.MEMORY_LIMIT_EXCEEDED
        else:
            verdict = Verdict.INTERNAL_ERROR
        return _result(test, verdict, 0.0, None, {})
    shown = outcome.shown
    if outcome.status is RunStatus.OK:
        reference = reference_outputs[index] if reference_outputs else None
        if budget is not None and budget.spent:
            return _result(test, Verdict.TIME_LIMIT_EXCEEDED, 0.0, outcome, budget.overrun())
        started = time.thread_time()
        try:
            check = problem.kind.grade(problem, test, outcome.output, reference)
        except Exception as exc:  # noqa: BLE001 - an output the checker cannot even read is wrong, not our fault
            log.info("the output of %s could not be compared: %r", test.name, exc)
            return _result(
                test,
                Verdict.WRONG_ANSWER,
                0.0,
                outcome,
                {"message": "the output has the wrong shape and could not be compared"},
            )
        finally:
            if budget is not None:
                budget.left -= time.thread_time() - started
        if budget is not None and budget.spent:
            return _result(test, Verdict.TIME_LIMIT_EXCEEDED, 0.0, outcome, budget.overrun())
        verdict = Verdict.ACCEPTED if check.passed else Verdict.WRONG_ANSWER
        return _result(test, verdict, check.score, outcome, {**check.feedback, **_output_only(shown)}, check.metrics)
    return _result(test, Verdict(outcome.status.value), 0.0, outcome, shown)


def _output_only(shown: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in shown.items() if key != "message"}


def _result(
    test: TestCase,
    verdict: Verdict,
    score: float,
    outcome: TestOutcome | None,
    feedback: dict[str, Any],
    metrics: dict[str, float] | None = None,
) -> TestResult:
    return TestResult(
        name=test.name,
        group=test.group,
        visibility=test.visibility,
        verdict=verdict,
        score=score if verdict is not Verdict.ACCEPTED else 1.0,
        wall_ms=outcome.wall_ms if outcome else None,
        cpu_ms=outcome.cpu_ms if outcome else None,
        memory_kb=outcome.memory_kb if outcome else None,
        feedback=feedback,
        metrics=metrics or {},
    )


def _summarise(
    problem: Problem,
    source: Source,
    tests: tuple[TestResult, ...],
    report: RunReport,
    compile_error: CompileDiagnostic | None = None,
    message: str | None = None,
) -> SubmissionResult:
    groups = tuple(_group_result(spec, [t for t in tests if t.group == spec.name]) for spec in problem.groups())
    total_weight = sum(g.weight for g in groups)
    score = 100.0 * sum(g.weight * g.score for g in groups) / total_weight if total_weight else 0.0
    verdict = _overall(tests)
    if verdict is not Verdict.ACCEPTED:
        # The rule: 100 means accepted, and accepted means 100. A failure the weights do not count (an example
        # of weight 0) or that rounds away still costs the submission its full score.
        score = min(score, NOT_ACCEPTED_MAX_SCORE)
    return SubmissionResult(
        problem=problem.slug,
        problem_version=problem.version,
        language=source.language,
        dialect=source.dialect,
        verdict=verdict,
        score=score,
        tests=tests,
        groups=groups,
        compile_error=compile_error,
        message=message,
        info=report.info,
        total_ms=report.wall_ms or None,
    )


NOT_ACCEPTED_MAX_SCORE = 99.9  # the most a submission that fails any test may score


def _group_result(spec: GroupSpec, tests: list[TestResult]) -> GroupResult:
    verdict = _overall(tests)
    if spec.partial:
        score = sum(t.score for t in tests) / len(tests) if tests else 0.0
    else:
        score = 1.0 if verdict is Verdict.ACCEPTED else 0.0
    return GroupResult(name=spec.name, visibility=spec.visibility, weight=spec.weight, score=score, verdict=verdict)


def _overall(tests: Sequence[TestResult]) -> Verdict:
    """The first failure in test order; a fault of the judge outranks any verdict of the candidate's.

    A skipped test always follows the failure that caused it to be skipped, which is the verdict then.
    """
    if any(t.verdict is Verdict.INTERNAL_ERROR for t in tests):
        return Verdict.INTERNAL_ERROR
    failures = [t.verdict for t in tests if t.verdict is not Verdict.ACCEPTED]
    return next((v for v in failures if v is not Verdict.SKIPPED), failures[0] if failures else Verdict.ACCEPTED)
