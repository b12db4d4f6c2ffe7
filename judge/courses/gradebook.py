"""The gradebook of a course, computed from its members, assignments and judged submissions. No I/O.

A problem's grade for a student is the best (or, by the course's setting, the last) of their finished
attempts, each counted as its score less its late penalty; a problem never attempted is 0. An assignment's
total is the sum over its problems of points x grade / 100.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attempt:
    user_id: str
    assignment_id: str
    problem: str
    received_at: dt.datetime
    score: float | None  # 0..100, None while not finished
    verdict: str | None
    penalty_percent: float = 0.0

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
    students: list[Student], assignments: list[AssignmentSpec], attempts: list[Attempt], grade_by: str = "best"
) -> list[StudentRow]:
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
                done = finished.get(key, [])
                grade = 0.0
                if done:
                    grade = done[-1].credit if grade_by == "last" else max(a.credit for a in done)
                problems.append(
                    GradedProblem(problem, points, counted[key], round(grade, 4), round(points * grade / 100, 4))
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
    """One row per student: the student's login and email, one column of points per assignment, and the total.

    Canvas and Moodle both import this shape: map `student` (or `email`) to the user, and each assignment
    column to a grade item (docs/courses.md).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "email", *(a.slug for a in assignments), "total"])
    for row in rows:
        writer.writerow([row.name, row.email or "", *(_number(a.earned) for a in row.assignments), _number(row.total)])
    return buffer.getvalue()


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
            )
        )
    return stats
