"""The gradebook of a course, computed from its members, assignments and judged submissions. No I/O.

A problem's grade for a student is the best (or, by the course's setting, the last) of their finished
attempts, each counted as its score less its late penalty; a problem never attempted is 0. An assignment's
total is the sum over its problems of points x grade / 100.

It is computed afresh every time, from what is true now: each attempt's penalty from the student's deadline
as it is now (an extension given afterwards counts), none where staff waived the assignment's penalty, and a
staff override (with its reason) in place of the computed grade. A rejudge changes the scores it reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from collections import Counter
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Attempt:
    user_id: str
    assignment_id: str
    problem: str
    received_at: dt.datetime
    score: float | None  # 0..100, None while not finished
    verdict: str | None
    penalty_percent: float = 0.0
    failed_hidden_groups: tuple[str, ...] = ()  # read for the statistics only

    @property
    def credit(self) -> float:
        return (self.score or 0.0) * (1 - self.penalty_percent / 100)


@dataclass(frozen=True)
class GradedProblem:
    problem: str
    points: float
    attempts: int
    grade: float  # 0..100, penalty applied
    earned: float  # points x grade / 100
    penalty_percent: float = 0.0  # of the attempt that counts
    waived: bool = False  # its late penalty was waived
    override: str | None = None  # staff set the grade, for this reason


@dataclass(frozen=True)
class Override:
    grade: float  # 0..100
    reason: str


@dataclass(frozen=True)
class GradedAssignment:
    slug: str
    points: float
    earned: float
    problems: tuple[GradedProblem, ...]


@dataclass(frozen=True)
class StudentRow:
    name: str
    email: str | None
    assignments: tuple[GradedAssignment, ...]

    @property
    def total(self) -> float:
        return round(sum(a.earned for a in self.assignments), 4)


@dataclass(frozen=True)
class AssignmentSpec:
    id: str
    slug: str
    problems: tuple[tuple[str, float], ...]  # (problem, points), in order


@dataclass(frozen=True)
class Student:
    id: str
    name: str
    email: str | None = None


def gradebook(
    students: list[Student],
    assignments: list[AssignmentSpec],
    attempts: list[Attempt],
    grade_by: str = "best",
    overrides: Mapping[tuple[str, str, str], Override] | None = None,  # by (user, assignment, problem)
    waived: AbstractSet[tuple[str, str]] = frozenset(),  # (user, assignment): no late penalty
) -> list[StudentRow]:
    overrides = overrides or {}
    finished: dict[tuple[str, str, str], list[Attempt]] = {}
    counted: Counter = Counter()
    for attempt in sorted(attempts, key=lambda a: a.received_at):
        key = (attempt.user_id, attempt.assignment_id, attempt.problem)
        counted[key] += 1
        if attempt.score is not None:
            finished.setdefault(key, []).append(attempt)
    rows = []
    for student in sorted(students, key=lambda s: s.name):
        graded = []
        for assignment in assignments:
            problems = []
            for problem, points in assignment.problems:
                key = (student.id, assignment.id, problem)
                waive = (student.id, assignment.id) in waived
                done = [replace(a, penalty_percent=0.0) if waive else a for a in finished.get(key, [])]
                grade, penalty = 0.0, 0.0
                if done:
                    counts = done[-1] if grade_by == "last" else max(done, key=lambda a: a.credit)
                    grade, penalty = counts.credit, counts.penalty_percent
                override = overrides.get(key)
                if override is not None:
                    grade = override.grade
                problems.append(
                    GradedProblem(
                        problem,
                        points,
                        counted[key],
                        round(grade, 4),
                        round(points * grade / 100, 4),
                        penalty,
                        waive,
                        override.reason if override else None,
                    )
                )
            graded.append(
                GradedAssignment(
                    assignment.slug,
                    sum(p for _, p in assignment.problems),
                    round(sum(p.earned for p in problems), 4),
                    tuple(problems),
                )
            )
        rows.append(StudentRow(student.name, student.email, tuple(graded)))
    return rows


def as_csv(rows: list[StudentRow], assignments: list[AssignmentSpec]) -> str:
    """One row per student: the student's login and email; for each assignment a column of points per problem
    ("assignment/problem") and one of the assignment's points; and the total.

    Canvas and Moodle both import this shape: map `student` (or `email`) to the user, and each assignment
    column to a grade item (docs/courses.md). Text cells go through text_cell: none is a formula.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180; and a field holding \r is quoted
    header = ["student", "email"]
    for assignment in assignments:
        header += [text_cell(f"{assignment.slug}/{problem}") for problem, _ in assignment.problems]
        header.append(text_cell(assignment.slug))
    writer.writerow([*header, "total"])
    for row in rows:
        cells = [text_cell(row.name), text_cell(row.email or "")]
        for graded in row.assignments:
            cells += [_number(p.earned) for p in graded.problems]
            cells.append(_number(graded.earned))
        writer.writerow([*cells, _number(row.total)])
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula


def text_cell(text: str) -> str:
    """A text cell that no spreadsheet reads as a formula (OWASP's rule: a leading apostrophe). A name or an
    email is what its owner typed, and would otherwise run in the spreadsheet of whoever opens the export."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class ProblemStats:
    problem: str
    attempts: int
    students: int
    accepted_share: float  # of finished attempts
    verdicts: dict[str, int] = field(default_factory=dict)
    median_attempts_to_solve: float | None = None  # among students who solved it
    # Per hidden group, how many finished attempts failed it, the most failed first: where students get stuck.
    failing_hidden_groups: dict[str, int] = field(default_factory=dict)


def problem_stats(assignment: AssignmentSpec, attempts: list[Attempt]) -> list[ProblemStats]:
    stats = []
    for problem, _ in assignment.problems:
        mine = sorted(
            (a for a in attempts if a.assignment_id == assignment.id and a.problem == problem),
            key=lambda a: a.received_at,
        )
        verdicts = Counter(a.verdict for a in mine if a.verdict)
        finished = sum(verdicts.values())
        to_solve = []
        for user in {a.user_id for a in mine}:
            theirs = [a for a in mine if a.user_id == user]
            solved_at = next((i for i, a in enumerate(theirs, start=1) if a.verdict == "accepted"), None)
            if solved_at is not None:
                to_solve.append(solved_at)
        stats.append(
            ProblemStats(
                problem,
                len(mine),
                len({a.user_id for a in mine}),
                round(verdicts["accepted"] / finished, 4) if finished else 0.0,
                dict(verdicts),
                statistics.median(to_solve) if to_solve else None,
                dict(Counter(g for a in mine for g in a.failed_hidden_groups).most_common()),
            )
        )
    return stats
