"""Turning a sandbox run into verdicts, per-test results and a score. No I/O here."""

from __future__ import annotations

from judge.kinds.base import Submission
from judge.problems.model import Problem, TestCase
from judge.sandbox.job import RunReport, SandboxJob, SandboxLimits
from judge.verdicts import CompileDiagnostic, GroupResult, SubmissionResult, TestResult, Verdict

_RUNNER_STATUSES = {v.value for v in Verdict} - {Verdict.ACCEPTED.value, Verdict.WRONG_ANSWER.value}


def build_job(problem: Problem, submission: Submission, label: str = "check") -> SandboxJob:
    limits = problem.spec.limits
    return SandboxJob(
        language=submission.language,
        source=submission.source.encode("utf-8"),
        source_suffix=problem.kind.source_suffix,
        config=problem.kind.task_config(problem, submission),
        limits=SandboxLimits(time_s=limits.time_s, wall_s=limits.effective_wall_s, memory_mb=limits.memory_mb,
                             output_bytes=limits.output_kb * 1024),
        test_inputs=tuple(problem.kind.input_files(test) for test in problem.tests),
        label=label,
    )


def grade_report(problem: Problem, submission: Submission, report: RunReport,
                 reference_outputs: list | None) -> SubmissionResult:
    if report.compile_error is not None:
        diagnostic = CompileDiagnostic(**report.compile_error)
        tests = tuple(_result(test, Verdict.COMPILE_ERROR, 0.0, {}, {}) for test in problem.tests)
        return _summarise(problem, submission, tests, report, compile_error=diagnostic)
    # A test the report says nothing about is graded as missing, never dropped.
    raws = [report.tests[i] if i < len(report.tests) else None for i in range(len(problem.tests))]
    tests = tuple(_grade_test(problem, test, raw, report, reference_outputs[i] if reference_outputs else None)
                  for i, (test, raw) in enumerate(zip(problem.tests, raws)))
    return _summarise(problem, submission, tests, report, message=report.internal_error)


def internal_error_result(problem: Problem, submission: Submission, message: str) -> SubmissionResult:
    tests = tuple(_result(test, Verdict.INTERNAL_ERROR, 0.0, {}, {}) for test in problem.tests)
    return _summarise(problem, submission, tests, RunReport(tests=()), message=message)


def _grade_test(problem: Problem, test: TestCase, raw: dict | None, report: RunReport, reference_output) -> TestResult:
    if raw is None:
        if report.internal_error:
            verdict = Verdict.INTERNAL_ERROR
        elif report.oom_killed:
            verdict = Verdict.MEMORY_LIMIT_EXCEEDED
        elif report.timed_out:
            verdict = Verdict.TIME_LIMIT_EXCEEDED
        else:
            verdict = Verdict.INTERNAL_ERROR
        return _result(test, verdict, 0.0, {}, {})
    shown = {key: raw[key] for key in ("message", "stdout", "stderr") if raw.get(key)}
    status = raw.get("status")
    if status == "ok":
        check = problem.kind.grade(problem, test, raw.get("output"), reference_output)
        verdict = Verdict.ACCEPTED if check.passed else Verdict.WRONG_ANSWER
        return _result(test, verdict, check.score, raw, {**check.feedback, **_output_only(shown)})
    verdict = Verdict(status) if status in _RUNNER_STATUSES else Verdict.INTERNAL_ERROR
    return _result(test, verdict, 0.0, raw, shown)


def _output_only(shown: dict) -> dict:
    return {key: value for key, value in shown.items() if key != "message"}


def _result(test: TestCase, verdict: Verdict, score: float, raw: dict, feedback: dict) -> TestResult:
    return TestResult(name=test.name, group=test.group, visibility=test.visibility, verdict=verdict,
                      score=score if verdict is not Verdict.ACCEPTED else 1.0, time_ms=raw.get("wall_ms"),
                      cpu_ms=raw.get("cpu_ms"), memory_kb=raw.get("memory_kb"), feedback=feedback)


def _summarise(problem: Problem, submission: Submission, tests: tuple[TestResult, ...], report: RunReport,
               compile_error: CompileDiagnostic | None = None, message: str | None = None) -> SubmissionResult:
    groups = tuple(_group_result(spec, [t for t in tests if t.group == spec.name]) for spec in problem.groups())
    total_weight = sum(g.weight for g in groups)
    score = 100.0 * sum(g.weight * g.score for g in groups) / total_weight if total_weight else 0.0
    return SubmissionResult(problem=problem.slug, language=submission.language, verdict=_overall(tests),
                            score=score, tests=tests, groups=groups, compile_error=compile_error, message=message,
                            info=report.info, total_ms=report.wall_ms or None)


def _group_result(spec, tests: list[TestResult]) -> GroupResult:
    verdict = _overall(tests)
    if spec.partial:
        score = sum(t.score for t in tests) / len(tests) if tests else 0.0
    else:
        score = 1.0 if verdict is Verdict.ACCEPTED else 0.0
    return GroupResult(name=spec.name, visibility=spec.visibility, weight=spec.weight, score=score, verdict=verdict)


def _overall(tests) -> Verdict:
    """The first failure in test order; a fault of the judge outranks any verdict of the candidate's."""
    if any(t.verdict is Verdict.INTERNAL_ERROR for t in tests):
        return Verdict.INTERNAL_ERROR
    return next((t.verdict for t in tests if t.verdict is not Verdict.ACCEPTED), Verdict.ACCEPTED)
