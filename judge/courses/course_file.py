"""courses/<slug>/course.yaml, format judge-course/1: a course and its assignments, kept in git.

Read strictly, like problem.yaml: unknown keys are errors, and every fault of a directory is reported at once
(a CourseFormatError listing them), including problems the bank does not have. The roster is not here:
people and their tokens are the service's (POST .../roster).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from judge.courses.policy import HardDeadline, LatePolicy
from judge.errors import CourseFormatError, FormatIssue

COURSE_FILE = "course.yaml"
SLUG = r"^[a-z0-9][a-z0-9_-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProblemEntry(_Strict):
    problem: str = Field(pattern=SLUG)
    points: float = Field(gt=0)


class AssignmentSpec(_Strict):
    """One assignment: in course.yaml, and the body of PUT /api/v1/courses/{course}/assignments/{slug}."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "slug": "week-1",
                    "title": "SQL over listening events",
                    "release_at": "2027-01-04T09:00:00Z",
                    "due_at": "2027-01-11T09:00:00Z",
                    "late_policy": {"kind": "per_day", "percent": 10, "floor": 50},
                    "problems": [{"problem": "third-unique-song", "points": 10}],
                }
            ]
        },
    )

    slug: str = Field(pattern=SLUG)
    title: str = Field(min_length=1, max_length=200)
    release_at: dt.datetime
    due_at: dt.datetime
    late_policy: LatePolicy = Field(default_factory=HardDeadline)
    window_minutes: int | None = Field(None, gt=0, description="a timed assessment: minutes from first opening")
    private: bool = Field(
        False,
        description="its problems are hidden from the open bank while it holds them (a timed assignment's always "
        "are); otherwise a problem stays in the open bank for everyone, whichever course uses it",
    )
    problems: list[ProblemEntry] = Field(min_length=1)


class CourseSettings(_Strict):
    """What a course sets for itself: in course.yaml under `settings`, and the body of PUT .../settings.

    A quota left out is the deployment's (JUDGE_SUBMISSIONS_PER_MINUTE, JUDGE_MAX_PENDING_SUBMISSIONS); one
    set replaces it for the submissions made in the course, counted per student within the course.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "submissions_per_minute": 5,
                    "max_pending_submissions": 2,
                    "webhook_url": "https://lms.example.edu/hooks/judge",
                }
            ]
        },
    )

    submissions_per_minute: int | None = Field(None, ge=1, le=10_000)
    max_pending_submissions: int | None = Field(None, ge=1, le=1_000)
    webhook_url: str | None = Field(
        None,
        max_length=2000,
        description="gets every finished submission of the course, signed with the course's secret",
    )


class CourseSpec(_Strict):
    format: Literal["judge-course/1"]
    slug: str = Field(pattern=SLUG)
    title: str = Field(min_length=1, max_length=200)
    grade_by: Literal["best", "last"] = "best"
    settings: CourseSettings = Field(default_factory=CourseSettings)
    assignments: list[AssignmentSpec] = Field(default_factory=list)


def check_assignment(assignment: AssignmentSpec, known_problems: set[str] | None, where: str) -> list[FormatIssue]:
    """What is wrong with one assignment beyond its types: dates out of order, unknown or repeated problems.

    known_problems None: problem names are not checked here (the server checks them against its bank)."""
    issues = []
    if assignment.release_at.tzinfo is None or assignment.due_at.tzinfo is None:
        issues.append(FormatIssue(COURSE_FILE, where, "release_at and due_at need a time zone (e.g. Z)"))
    elif assignment.due_at <= assignment.release_at:
        issues.append(FormatIssue(COURSE_FILE, f"{where}.due_at", "must come after release_at"))
    until = getattr(assignment.late_policy, "until", None)
    if (
        until is not None
        and until.tzinfo is not None
        and assignment.due_at.tzinfo is not None
        and until < assignment.due_at
    ):
        issues.append(FormatIssue(COURSE_FILE, f"{where}.late_policy.until", "must not come before due_at"))
    seen: set[str] = set()
    for i, entry in enumerate(assignment.problems):
        if known_problems is not None and entry.problem not in known_problems:
            issues.append(FormatIssue(COURSE_FILE, f"{where}.problems.{i}", f"no problem named {entry.problem!r}"))
        if entry.problem in seen:
            issues.append(FormatIssue(COURSE_FILE, f"{where}.problems.{i}", f"{entry.problem!r} is listed twice"))
        seen.add(entry.problem)
    return issues


def load_course(directory: Path, known_problems: set[str] | None) -> CourseSpec:
    directory = Path(directory)
    path = directory / COURSE_FILE
    issues: list[FormatIssue] = []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseFormatError(str(directory), [FormatIssue(COURSE_FILE, "", "missing")]) from None
    except yaml.YAMLError as exc:
        raise CourseFormatError(str(directory), [FormatIssue(COURSE_FILE, "", f"not valid YAML: {exc}")]) from None
    try:
        spec = CourseSpec.model_validate(raw)
    except ValidationError as exc:
        issues += [
            FormatIssue(
                COURSE_FILE,
                ".".join(str(p) for p in e["loc"]),
                "unknown key" if e["type"] == "extra_forbidden" else e["msg"],
            )
            for e in exc.errors()
        ]
        raise CourseFormatError(str(directory), issues) from None
    if spec.slug != directory.name:
        issues.append(
            FormatIssue(COURSE_FILE, "slug", f"{spec.slug!r} must equal the directory name {directory.name!r}")
        )
    slugs = [a.slug for a in spec.assignments]
    for slug in sorted({s for s in slugs if slugs.count(s) > 1}):
        issues.append(FormatIssue(COURSE_FILE, "assignments", f"two assignments are named {slug!r}"))
    for i, assignment in enumerate(spec.assignments):
        issues += check_assignment(assignment, known_problems, f"assignments.{i}")
    if issues:
        raise CourseFormatError(str(directory), issues)
    return spec


def load_courses(courses_dir: Path, known_problems: set[str]) -> tuple[list[CourseSpec], list[CourseFormatError]]:
    courses, broken = [], []
    if not Path(courses_dir).is_dir():
        return courses, broken
    for directory in sorted(p for p in Path(courses_dir).iterdir() if (p / COURSE_FILE).exists()):
        try:
            courses.append(load_course(directory, known_problems))
        except CourseFormatError as exc:
            broken.append(exc)
    return courses, broken
