"""One root for the judge's errors; each subclass carries structured fields."""

from __future__ import annotations

from dataclasses import dataclass


class JudgeError(Exception):
    """Root of every error the judge raises on purpose."""


@dataclass(frozen=True)
class FormatIssue:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


class FormatError(JudgeError):
    """A directory an author keeps (a problem's, a course's) is broken; ``issues`` lists every fault found in one
    pass."""

    def __init__(self, directory: str, issues: list[FormatIssue]):
        self.directory = directory
        self.issues = issues
        listing = "\n".join(f"  - {issue}" for issue in issues)
        super().__init__(f"{directory} has {len(issues)} error(s):\n{listing}")


class ProblemFormatError(FormatError):
    """A problem directory is broken."""


class ProblemNotFound(JudgeError):
    def __init__(self, name: str):
        self.name = name
        super().__init__(f"no problem named {name!r}")


class SubmissionRejected(JudgeError):
    """The submission cannot be judged as given (language or dialect not offered, empty source...)."""


class CompileFailed(SubmissionRejected):
    """The source does not parse (or is not one read-only query): refused at once, with where."""

    def __init__(self, diagnostic):
        super().__init__(f"compile error: {diagnostic.message}")
        self.diagnostic = diagnostic  # judge.verdicts.CompileDiagnostic


class SourceTooLarge(SubmissionRejected):
    """The source is over settings.max_source_kb: well formed, only too big."""


class JudgeFailed(JudgeError):
    """A judging ended in the judge's own internal_error and is to be tried again, later (the submission is back
    in the queue); `tries` is how many have failed so far."""

    def __init__(self, message: str, tries: int):
        super().__init__(message)
        self.tries = tries


class VariantsFailed(JudgeError):
    """A problem's variants file (judge.problems.variants) failed: the problem's fault, judged internal_error,
    never the candidate's."""


class SandboxUnavailable(JudgeError):
    """The Docker engine or the sandbox image is missing or failing: an infrastructure fault, retryable."""


class CorruptVersion(JudgeError):
    """A stored problem version does not unpack to what it is stored as: the judge's storage is at fault."""


class ReferenceFailed(JudgeError):
    """The problem's own reference solution does not run cleanly, so nothing can be graded against it."""


class NotFound(JudgeError):
    """A resource does not exist, or the caller may not know that it does."""


class AuthenticationFailed(JudgeError):
    """No valid token was given."""


class PermissionDenied(JudgeError):
    """The caller is known but may not do this."""


class Gone(JudgeError):
    """A link that did open something once, and no longer does: used, revoked, or past its date."""


class Conflict(JudgeError):
    """The change would undo what is already there (a problem with graded submissions taken out of its
    assignment): refused, with what to do instead."""


class AlreadyExists(JudgeError):
    """A name that must be unique (a user's) is taken."""


class TooManyRequests(JudgeError):
    """The caller has too many requests of this kind under way; ``retry_after`` seconds is a fair wait."""

    def __init__(self, message: str, retry_after: int = 1):
        super().__init__(message)
        self.retry_after = retry_after


class InvalidRequest(JudgeError):
    """The request is well formed but asks for something the endpoint does not take."""


class CourseFormatError(FormatError):
    """A course directory is broken."""
