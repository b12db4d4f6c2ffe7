"""Verdicts and the frozen results that carry them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    WRONG_ANSWER = "wrong_answer"
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
    MEMORY_LIMIT_EXCEEDED = "memory_limit_exceeded"
    RUNTIME_ERROR = "runtime_error"
    COMPILE_ERROR = "compile_error"
    OUTPUT_LIMIT_EXCEEDED = "output_limit_exceeded"
    # The judge's own fault: never reported as the candidate's.
    INTERNAL_ERROR = "internal_error"

    @property
    def short(self) -> str:
        return _SHORT[self]


_SHORT = {
    Verdict.ACCEPTED: "AC", Verdict.WRONG_ANSWER: "WA", Verdict.TIME_LIMIT_EXCEEDED: "TLE",
    Verdict.MEMORY_LIMIT_EXCEEDED: "MLE", Verdict.RUNTIME_ERROR: "RE", Verdict.COMPILE_ERROR: "CE",
    Verdict.OUTPUT_LIMIT_EXCEEDED: "OLE", Verdict.INTERNAL_ERROR: "IE",
}


class Visibility(StrEnum):
    PUBLIC = "public"
    HIDDEN = "hidden"


@dataclass(frozen=True)
class CompileDiagnostic:
    message: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class TestResult:
    name: str
    group: str
    visibility: Visibility
    verdict: Verdict
    score: float  # 0..1 for this test
    time_ms: float | None = None
    cpu_ms: float | None = None
    memory_kb: int | None = None
    # Shown only for public tests: a diff, an error message, the program's output.
    feedback: dict = field(default_factory=dict)

    def public_view(self) -> dict:
        view = {"name": self.name, "group": self.group, "visibility": self.visibility.value,
                "verdict": self.verdict.value, "score": round(self.score, 6), "time_ms": _round(self.time_ms),
                "cpu_ms": _round(self.cpu_ms), "memory_kb": self.memory_kb}
        if self.visibility is Visibility.PUBLIC and self.feedback:
            view["feedback"] = self.feedback
        return view


@dataclass(frozen=True)
class GroupResult:
    name: str
    visibility: Visibility
    weight: float
    score: float  # 0..1 for this group
    verdict: Verdict


@dataclass(frozen=True)
class SubmissionResult:
    problem: str
    language: str
    verdict: Verdict
    score: float  # 0..100
    tests: tuple[TestResult, ...]
    groups: tuple[GroupResult, ...]
    compile_error: CompileDiagnostic | None = None
    message: str | None = None
    info: dict = field(default_factory=dict)
    total_ms: float | None = None

    def public_view(self) -> dict:
        view = {
            "problem": self.problem, "language": self.language, "verdict": self.verdict.value,
            "score": round(self.score, 4), "tests": [t.public_view() for t in self.tests],
            "groups": [{"name": g.name, "visibility": g.visibility.value, "weight": g.weight,
                        "score": round(g.score, 6), "verdict": g.verdict.value} for g in self.groups],
        }
        if self.compile_error:
            view["compile_error"] = {"message": self.compile_error.message, "line": self.compile_error.line,
                                     "column": self.compile_error.column}
        if self.message:
            view["message"] = self.message
        if self.info:
            view["info"] = self.info
        if self.total_ms is not None:
            view["total_ms"] = round(self.total_ms, 1)
        return view


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
