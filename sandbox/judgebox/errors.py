"""Failures of the submission, as the runner reports them."""

from __future__ import annotations

from typing import Any

from judgebox.protocol import Event, RunStatus


class CompileError(Exception):
    """The submission cannot be run at all: syntax, a forbidden statement, a missing entry point."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def as_event(self) -> dict[str, Any]:
        return {"type": Event.COMPILE_ERROR, "message": self.message, "line": self.line, "column": self.column}


class SubmissionFailure(Exception):
    """The submission ran and failed in a way that has a verdict of its own."""

    def __init__(self, verdict: RunStatus, message: str):
        super().__init__(message)
        self.verdict = verdict
        self.message = message
