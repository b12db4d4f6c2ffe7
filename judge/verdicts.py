"""Verdicts, and the one model of a result: per test, per group and per submission.

The same models are the database's JSON column, the API's response, `judge check --json` and what the CLI
renders. ``SubmissionResult.for_candidate()`` is the view that may leave the judge: hidden tests keep their
verdict and timings, and lose their feedback.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    WRONG_ANSWER = "wrong_answer"
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
    MEMORY_LIMIT_EXCEEDED = "memory_limit_exceeded"
    RUNTIME_ERROR = "runtime_error"
    COMPILE_ERROR = "compile_error"
    OUTPUT_LIMIT_EXCEEDED = "output_limit_exceeded"
    # Not run: its group had already failed, or the run's time budget was spent.
    SKIPPED = "skipped"
    # The judge's own fault: never reported as the candidate's.
    INTERNAL_ERROR = "internal_error"

    @property
    def short(self) -> str:
        return _SHORT[self]


_SHORT = {
    Verdict.ACCEPTED: "AC",
    Verdict.WRONG_ANSWER: "WA",
    Verdict.TIME_LIMIT_EXCEEDED: "TLE",
    Verdict.MEMORY_LIMIT_EXCEEDED: "MLE",
    Verdict.RUNTIME_ERROR: "RE",
    Verdict.COMPILE_ERROR: "CE",
    Verdict.OUTPUT_LIMIT_EXCEEDED: "OLE",
    Verdict.SKIPPED: "SK",
    Verdict.INTERNAL_ERROR: "IE",
}


class Visibility(StrEnum):
    PUBLIC = "public"
    HIDDEN = "hidden"


class Status(StrEnum):
    """Where a submission is in the service: stored and queued, being judged, or judged."""

    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"


class ResultModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CompileDiagnostic(ResultModel):
    message: str
    line: int | None = None
    column: int | None = None


class TestResult(ResultModel):
    __test__ = False  # not a pytest class, whatever its name

    name: str
    group: str
    visibility: Visibility
    verdict: Verdict
    score: float = Field(description="this test's share of credit, 0 to 1")
    # Stored results from before the one name of each measure called it time_ms: still read.
    wall_ms: float | None = Field(None, description="wall time", validation_alias=AliasChoices("wall_ms", "time_ms"))
    cpu_ms: float | None = None
    memory_kb: int | None = None
    feedback: dict[str, Any] = Field(
        default_factory=dict, description="public tests only: a diff, an error message, the program's output"
    )
    metrics: dict[str, float] = Field(
        default_factory=dict,
        description="a metric-scored test's figures (value, threshold, precision, recall...): kept for hidden "
        "tests too, for staff; their authors see them on public tests only",
    )

    def for_candidate(self) -> TestResult:
        return self.model_copy(
            update={
                "metrics": {k[:40]: round(float(v), 6) for k, v in list(self.metrics.items())[:MAX_METRICS]},
                "score": round(self.score, 6),
                "wall_ms": _round(self.wall_ms),
                "cpu_ms": _round(self.cpu_ms),
                "feedback": _capped(self.feedback) if self.visibility is Visibility.PUBLIC else {},
            }
        )

    def coarse(self) -> TestResult:
        """A hidden test as its author sees it: no wall time, and CPU time and memory as the upper edge of a
        few buckets (HIDDEN_CPU_MS, HIDDEN_MEMORY_KB). Exact figures of a hidden test would let the submission
        spend an amount set by a byte of the test's input, and read it back: each is now at most log2 of its
        number of buckets (docs/security.md)."""
        return self.model_copy(
            update={
                "wall_ms": None,
                "cpu_ms": _bucket(self.cpu_ms, HIDDEN_CPU_MS),
                "memory_kb": _bucket(self.memory_kb, HIDDEN_MEMORY_KB),
            }
        )

    @model_serializer(mode="wrap")
    def _without_empty_feedback(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _drop_empty(handler(self), ("feedback", "metrics"))


class GroupResult(ResultModel):
    name: str
    visibility: Visibility
    weight: float
    score: float = Field(description="this group's share of credit, 0 to 1")
    verdict: Verdict


class SubmissionResult(ResultModel):
    problem: str
    problem_version: str | None = Field(None, description="the content hash of the problem judged against")
    language: str
    dialect: str | None = None
    verdict: Verdict
    score: float = Field(description="0 to 100")
    tests: tuple[TestResult, ...]
    groups: tuple[GroupResult, ...]
    compile_error: CompileDiagnostic | None = None
    message: str | None = Field(None, description="the judge's own message, for an internal error")
    info: dict[str, Any] = Field(default_factory=dict, description="facts of the run, e.g. the translated SQL")
    total_ms: float | None = Field(None, description="the whole run's wall time, container included")
    withheld: bool = Field(
        False,
        description="the hidden tests are left out for this reader (an assessment that shows them nothing): "
        "verdict and score are the public examples' alone",
    )

    def for_candidate(self) -> SubmissionResult:
        """What may be shown or stored: hidden tests without feedback, numbers rounded, every text capped.

        Its size is bounded by the number of tests: FEEDBACK_BYTES per public test, a few hundred bytes per
        hidden one, and MESSAGE_CHARS and INFO_BYTES besides.
        """
        compile_error = self.compile_error and self.compile_error.model_copy(
            update={"message": _short(self.compile_error.message, MESSAGE_CHARS)}
        )
        return self.model_copy(
            update={
                "score": round(self.score, 4),
                "tests": tuple(t.for_candidate() for t in self.tests),
                "groups": tuple(g.model_copy(update={"score": round(g.score, 6)}) for g in self.groups),
                "compile_error": compile_error,
                "message": self.message and _short(self.message, MESSAGE_CHARS),
                "info": _capped(self.info, INFO_BYTES),
                "total_ms": None if self.total_ms is None else round(self.total_ms, 1),
            }
        )

    def without_hidden_names(self) -> SubmissionResult:
        """Hidden tests by group and number only ("edge-cases #8"), with coarse figures (TestResult.coarse): a
        test's name tells what it tries, which is the staff's to know. What a candidate reads; staff, authors
        and verify see the names and the exact figures. A message that names a hidden test (the judge's own,
        of a failure) names it the same way."""
        seen: dict[str, int] = {}
        tests, renamed = [], {}
        for test in self.tests:
            seen[test.group] = seen.get(test.group, 0) + 1
            if test.visibility is Visibility.HIDDEN:
                renamed[test.name] = f"{test.group} #{seen[test.group]}"
                test = test.coarse().model_copy(update={"name": renamed[test.name], "metrics": {}})
            tests.append(test)
        message = self.message
        for name in sorted(renamed, key=len, reverse=True):  # "hidden/1" must not eat the start of "hidden/10"
            message = message and message.replace(name, renamed[name])
        return self.model_copy(update={"tests": tuple(tests), "message": message})

    def public_only(self) -> SubmissionResult:
        """The public examples alone, with their verdict and score: what a candidate reads in an assessment that
        shows nothing of its hidden tests. A message (the judge's own) is dropped: it may name a hidden test."""
        tests = tuple(t for t in self.tests if t.visibility is Visibility.PUBLIC)
        groups = tuple(g for g in self.groups if g.visibility is Visibility.PUBLIC)
        verdict = self.verdict
        if self.compile_error is None and self.tests:
            verdict = next((t.verdict for t in tests if t.verdict is not Verdict.ACCEPTED), Verdict.ACCEPTED)
        weight = sum(t.score for t in tests)
        return self.model_copy(
            update={
                "tests": tests,
                "groups": groups,
                "verdict": verdict,
                "score": round(100.0 * weight / len(tests), 4) if tests else 0.0,
                "message": None,
                "total_ms": None,
                "withheld": True,
            }
        )

    @model_serializer(mode="wrap")
    def _without_empty_optionals(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _drop_empty(handler(self), ("dialect", "compile_error", "message", "info", "total_ms", "withheld"))


MAX_METRICS = 20  # figures kept per test
FEEDBACK_BYTES = 8 * 1024  # of one public test's feedback, as JSON
INFO_BYTES = 32 * 1024
MESSAGE_CHARS = 2000
_VALUE_CHARS = 1000  # of each value of feedback that is over its size


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _capped(data: dict[str, Any], limit: int = FEEDBACK_BYTES) -> dict[str, Any]:
    """The dict itself when its JSON fits in limit; else each value shortened, and at worst the message only."""
    if len(json.dumps(data, default=str)) <= limit:
        return data
    shortened = {
        key: value
        if isinstance(value, (int, float, bool)) or value is None
        else _short(value if isinstance(value, str) else json.dumps(value, default=str), _VALUE_CHARS)
        for key, value in list(data.items())[:20]
    }
    if len(json.dumps(shortened)) <= limit:
        return shortened
    return {"message": _short(str(data.get("message", "")), _VALUE_CHARS) or "the feedback was too large to show"}


def _drop_empty(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {
        key: value
        for key, value in data.items()
        if not (key in keys and (value is None or value is False or value == {}))
    }


# The buckets of a hidden test's figures, as its author sees them: a figure reads as the first edge at or above it.
HIDDEN_CPU_MS = (100, 1000, 10_000, 100_000)
HIDDEN_MEMORY_KB = (16 * 1024, 64 * 1024, 256 * 1024, 4 * 1024 * 1024)


def _bucket(value: float | None, edges: tuple[int, ...]) -> Any:
    if value is None:
        return None
    return next((edge for edge in edges if value <= edge), edges[-1])


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
