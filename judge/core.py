"""The judge's one entry point: judge a source against a problem in the sandbox."""

from __future__ import annotations

import json
import os
import tempfile

from judge.errors import ReferenceFailed, SourceTooLarge, SubmissionRejected
from judge.format.model import Problem
from judge.grading import build_job, grade_report, internal_error_result
from judge.sandbox.docker_sandbox import DockerSandbox
from judge.settings import Settings
from judge.source import Source, text_fault
from judge.verdicts import SubmissionResult


class Judge:
    """Judges sources against problems in the sandbox; one per process, shared by the CLI, verify and the worker."""

    def __init__(self, settings: Settings, sandbox: DockerSandbox | None = None):
        self.settings = settings
        self.sandbox = sandbox or DockerSandbox(settings.sandbox)

    def accept(self, problem: Problem, source: str, language: str | None = None,
                   dialect: str | None = None) -> Source:
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

    def judge(self, problem: Problem, source: Source, label: str = "check") -> SubmissionResult:
        """Run the source on every test of the problem in one fresh container, and grade it outside.

        The candidate's faults are verdicts; a reference that fails is the judge's (internal_error); a Docker
        engine that fails raises SandboxUnavailable, for the caller to retry. ``label`` names the container.
        """
        try:
            reference = self.reference_outputs(problem) if problem.kind.needs_reference_outputs(problem) else None
        except ReferenceFailed as exc:
            return internal_error_result(problem, source, str(exc))
        report = self.sandbox.run(build_job(problem, source, label=label))
        return grade_report(problem, source, report, reference)

    def reference_outputs(self, problem: Problem) -> list:
        """The reference's output for every test, run once in the sandbox and cached by content."""
        runner = self.sandbox.image_fingerprint()
        path = self.settings.cache_dir / "reference" / f"{problem.slug}-{problem.version}-{runner}.json"
        if path.exists():
            return json.loads(path.read_text())
        source = (problem.directory / problem.spec.reference).read_text(encoding="utf-8")
        source = Source(source, problem.kind.language, problem.kind.reference_dialect(problem))
        report = self.sandbox.run(build_job(problem, source, label="reference"))
        failures = _reference_failures(problem, report)
        if failures:
            raise ReferenceFailed(f"the reference solution of {problem.slug} fails: " + "; ".join(failures))
        outputs = [test["output"] for test in report.tests]
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as handle:
            json.dump(outputs, handle)
        os.replace(handle.name, path)
        return outputs


def _reference_failures(problem: Problem, report) -> list[str]:
    if report.compile_error:
        return [f"compile error: {report.compile_error['message']}"]
    if report.internal_error:
        return [report.internal_error]
    return [f"{test.name}: {raw['status'] if raw else 'no result'} {(raw or {}).get('message', '')}".strip()
            for test, raw in zip(problem.tests, report.tests) if not raw or raw.get("status") != "ok"]
