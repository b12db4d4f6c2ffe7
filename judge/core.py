"""The judge's one entry point: judge a source against a problem in a sandbox (judge.sandbox.base.Sandbox)."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Literal

from judgebox.protocol import RunStatus

from judge.errors import ReferenceFailed, SourceTooLarge, SubmissionRejected
from judge.format.model import Problem
from judge.grading import CheckBudget, build_job, grade_report, grade_test, internal_error_result
from judge.sandbox.base import Sandbox
from judge.sandbox.report import RunEvent, RunReport, TestOutcome
from judge.settings import Settings
from judge.source import Source, text_fault
from judge.verdicts import SubmissionResult, TestResult, Verdict

OnTest = Callable[[TestResult], None]  # one test's result, as the candidate may see it, as soon as it is known
REFERENCES_KEPT = 64  # reference outputs kept in memory per process, by (problem, version, runner)
REFERENCE_TRIES, REFERENCE_BACKOFF_S = 3, 1.0  # deriving a version's reference outputs
CONTENDED_BACKOFF_S = 2.0  # before judging again a run whose time limit the machine's load may have caused
log = logging.getLogger(__name__)


class Judge:
    """Judges sources against problems in a sandbox; one per process, shared by the CLI, verify and the worker."""

    def __init__(self, settings: Settings, sandbox: Sandbox | None = None):
        self.settings = settings
        if sandbox is None:
            from judge.sandbox.docker_sandbox import DockerSandbox

            sandbox = DockerSandbox(settings.sandbox)
        self.sandbox: Sandbox = sandbox
        self._references: dict[str, list[Any]] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        """What the sandbox keeps ahead is removed (a worker's end)."""
        self.sandbox.close()

    def accept(self, problem: Problem, source: str, language: str | None = None, dialect: str | None = None) -> Source:
        """What a candidate sent, checked and with its defaults filled in; raises SubmissionRejected."""
        language = (language or problem.kind.language).lower()  # "Python" is python
        dialect = dialect.lower() if dialect else dialect
        if language not in problem.languages:
            raise SubmissionRejected(f"{problem.slug} accepts {', '.join(problem.languages)}, not {language!r}")
        dialects = problem.dialects()
        if dialects:
            dialect = dialect or dialects[0]
            if dialect not in dialects:
                raise SubmissionRejected(f"{problem.slug} offers the dialects {', '.join(dialects)}, not {dialect!r}")
        elif dialect is not None:
            raise SubmissionRejected(f"{problem.slug} has no SQL dialects; do not give one")
        if not source.strip():
            raise SubmissionRejected("the source is empty")
        fault = text_fault(source)
        if fault:
            raise SubmissionRejected(fault)
        size, limit_kb = len(source.encode("utf-8")), self.settings.max_source_kb
        if size > limit_kb * 1024:
            raise SourceTooLarge(f"the source is {size / 1024:.1f} KiB, over the limit of {limit_kb} KiB")
        return Source(text=source, language=language, dialect=dialect)

    def judge(
        self,
        problem: Problem,
        source: Source,
        label: str = "check",
        on_event: OnTest | None = None,
        references: Sequence[Any] | None | Literal["derive"] = "derive",
    ) -> SubmissionResult:
        """Run the source on every test of the problem in one fresh sandbox, and grade it outside.

        The candidate's faults are verdicts; a reference that fails is the judge's (internal_error); a Docker
        engine that fails raises SandboxUnavailable, for the caller to retry. ``label`` names the container.
        Each test is graded as soon as the runner reports it, and given to on_event (the candidate's view of
        it: no feedback for a hidden test) while the rest still run.

        ``references`` are the reference's outputs, where the problem needs them: a service passes those stored
        with the version (None if there are none: internal_error, never a run of the reference while judging);
        "derive", for tools that judge from a directory, runs the reference once and keeps its outputs.
        """
        reference: list[Any] | None = None
        if problem.kind.needs_reference_outputs(problem):
            if references == "derive":
                try:
                    reference = self.reference_outputs(problem)
                except ReferenceFailed as exc:
                    return internal_error_result(problem, source, str(exc))
            elif references is None or len(references) != len(problem.tests):
                return internal_error_result(
                    problem, source, f"the reference outputs of {problem.slug} at this version are not stored"
                )
            else:
                reference = list(references)
        tries = 1 + self.settings.contended_retries
        for attempt in range(1, tries + 1):
            graded: dict[int, TestResult] = {}
            budget = CheckBudget()  # the judge's CPU for checking this submission's outputs, all of them

            def grade_as_it_comes(event: RunEvent) -> None:
                if isinstance(event, TestOutcome):
                    graded[event.index] = grade_test(problem, event.index, event, None, reference, budget)
                    if on_event is not None:
                        on_event(graded[event.index].for_candidate())

            report = self.sandbox.run(build_job(problem, source, label=label), on_event=grade_as_it_comes)
            result = grade_report(problem, source, report, reference, graded, budget)
            if result.verdict is Verdict.INTERNAL_ERROR:
                # The box itself may be at fault (its image, its engine): the retry gets a fresh one.
                self.sandbox.discard_spare()
            # A time limit reached while the machine kept the test from its CPU is not the candidate's to
            # carry: the run is judged again, a little later, and only the last try's verdict stands.
            if attempt == tries or not any(t is not None and t.contended for t in report.tests):
                return result
            log.warning(
                "%s: a test of %s ran out of time on a busy machine; judging it again (try %d of %d)",
                label,
                problem.slug,
                attempt + 1,
                tries,
            )
            time.sleep(CONTENDED_BACKOFF_S * attempt)
        raise AssertionError("unreachable")  # the loop returns

    def derive_references(self, problem: Problem, tries: int = REFERENCE_TRIES) -> list[Any]:
        """The reference's outputs, for publishing a version (reference_outputs: run once per version and
        runner): a run that fails is tried again (the machine may have starved it), up to `tries` times;
        ReferenceFailed with the last reason after."""
        for attempt in range(1, tries + 1):
            try:
                return self.reference_outputs(problem)
            except ReferenceFailed:
                if attempt == tries:
                    raise
                log.warning("the reference of %s failed (try %d of %d); trying again", problem.slug, attempt, tries)
                time.sleep(REFERENCE_BACKOFF_S * attempt)
        raise AssertionError("unreachable")  # the loop returns or raises

    def reference_outputs(self, problem: Problem) -> list[Any]:
        """The reference's output for every test: run once in the sandbox, then kept in memory and on disk,
        by the problem's version and the runner's fingerprint."""
        key = f"{problem.slug}-{problem.version}-{self.sandbox.fingerprint()}"
        with self._lock:
            if key in self._references:
                return self._references[key]
        path = self.settings.cache_dir / "reference" / f"{key}.json"
        if path.exists():
            outputs: list[Any] = json.loads(path.read_text())
        else:
            outputs = self._run_reference(problem)
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as handle:
                json.dump(outputs, handle)
            os.replace(handle.name, path)
        with self._lock:
            if len(self._references) >= REFERENCES_KEPT:
                self._references.pop(next(iter(self._references)))
            self._references[key] = outputs
        return outputs

    def _run_reference(self, problem: Problem) -> list[Any]:
        source = (problem.directory / problem.spec.reference).read_text(encoding="utf-8")
        reference = Source(source, problem.kind.language, problem.kind.reference_dialect(problem))
        report = self.sandbox.run(build_job(problem, reference, label="reference"))
        failures = _reference_failures(problem, report)
        if failures:
            raise ReferenceFailed(f"the reference solution of {problem.slug} fails: " + "; ".join(failures))
        return [outcome.output if outcome else None for outcome in report.tests]


def _reference_failures(problem: Problem, report: RunReport) -> list[str]:
    if report.compile_error:
        return [f"compile error: {report.compile_error.message}"]
    if report.internal_error:
        return [report.internal_error]
    return [
        f"{test.name}: {outcome.status.value if outcome else 'no result'} {outcome.message or '' if outcome else ''}".strip()
        for test, outcome in zip(problem.tests, report.tests)
        if outcome is None or outcome.status is not RunStatus.OK
    ]
