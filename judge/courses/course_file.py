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


class RubricItem(_Strict):
    """One question reviewers rate each candidate on (a behavioural or product question of the loop)."""

    key: str = Field(pattern=SLUG, max_length=50)
    question: str = Field(min_length=1, max_length=500)


class Retention(_Strict):
    """What becomes of the candidates a set time after the assessment closes: `anonymise` keeps their scores
    under their login and forgets their name and email; `delete` erases them (judge.service.erasure)."""

    days: int = Field(ge=0, le=3650)
    action: Literal["anonymise", "delete"]


class AssessmentOptions(_Strict):
    """What makes an assignment a hiring assessment: the clock starts at the candidate's Start (after the
    practice problem), not at their first look; these say what candidates see and what reviewers get."""

    hidden_feedback: Literal["verdicts", "none"] = Field(
        "verdicts",
        description="what candidates see of hidden tests: each one's verdict by group and number, or nothing "
        "(public examples, and that a submission was received)",
    )
    examples_runs: bool = Field(True, description="whether candidates may run on the public examples")
    practice: str | None = Field(
        None, pattern=SLUG, description="a problem candidates may try before the clock starts; never graded"
    )
    rubric: list[RubricItem] = Field(default_factory=list, max_length=30)
    blind: bool = Field(False, description="reviewers see no candidate's name until they submitted its scorecard")
    variants: bool = Field(
        False, description="each candidate's hidden data is their own variant, seeded by their invite"
    )
    retention: Retention | None = None


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
    assessment: AssessmentOptions | None = Field(
        None, description="a hiring assessment's options (it needs window_minutes: the time a candidate has)"
    )


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
    issues += _check_assessment(assignment, known_problems, where, seen)
    return issues


def _check_assessment(
    assignment: AssignmentSpec, known_problems: set[str] | None, where: str, listed: set[str]
) -> list[FormatIssue]:
    options = assignment.assessment
    if options is None:
        return []
    issues = []
    if assignment.window_minutes is None:
        issues.append(FormatIssue(COURSE_FILE, f"{where}.window_minutes", "an assessment needs its duration"))
    if options.practice is not None:
        if known_problems is not None and options.practice not in known_problems:
            issues.append(
                FormatIssue(COURSE_FILE, f"{where}.assessment.practice", f"no problem named {options.practice!r}")
            )
        if options.practice in listed:
            issues.append(
                FormatIssue(
                    COURSE_FILE,
                    f"{where}.assessment.practice",
                    f"{options.practice!r} is one of the assessment's problems: practice must be another",
                )
            )
    keys = [item.key for item in options.rubric]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        issues.append(FormatIssue(COURSE_FILE, f"{where}.assessment.rubric", f"two questions are keyed {key!r}"))
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
