"""Grades as staff and students read them, computed afresh at every read from what is true now.

Invariants:
- Nothing about a grade is stored: each attempt's late penalty comes from the student's deadline as it is now
  (their extension, their timed window with its extra time) and the assignment's policy, so an extension
  given afterwards counts at once; a rejudge changes the score read; a waiver lifts the penalty of a
  student's whole assignment; an override sets one problem's grade. Each correction carries its reason, is
  shown beside the grade it changes, and is in the audit log.
- A withdrawn assignment is out of the gradebook (its submissions are kept, and count again once restored).
- Students read their own row only; staff read every student's (judge.service.access).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from judge.courses import gradebook as grading
from judge.courses.policy import LATE_POLICY, deadline, lengthened, timing
from judge.db.models import Assignment, AssignmentStart, Course, Extension, GradeAdjustment, User, utcnow
from judge.db.roles import MemberRole
from judge.errors import InvalidRequest, NotFound
from judge.service import audit
from judge.service.access import Action, Viewer, find_course
from judge.service.courses import assignment_of, attempts_of, members_of, membership_of
from judge.service.schemas import GradebookRow

OVERRIDE, WAIVER, WHOLE = "override", "waiver", "*"  # kinds, and the problem of a waiver


def _live_assignments(session: Session, course: Course) -> list[Assignment]:
    return list(
        session.scalars(
            select(Assignment)
            .where(Assignment.course_id == course.id, Assignment.withdrawn_at.is_(None))
            .order_by(Assignment.release_at, Assignment.slug)
        ).all()
    )


def _book(
    session: Session, course: Course, only: str | None = None, now: dt.datetime | None = None
) -> tuple[list[grading.StudentRow], list[grading.AssignmentSpec]]:
    """The gradebook's rows (of one student, by id, if `only`) and its assignments, computed now."""
    assignments = _live_assignments(session, course)
    specs = [
        grading.AssignmentSpec(a.id, a.slug, tuple((p.problem, p.points) for p in a.problems)) for a in assignments
    ]
    graded = [
        (membership, user)
        for membership, user in members_of(session, course)
        if membership.role is MemberRole.STUDENT and membership.active and (only is None or user.id == only)
    ]
    students = [grading.Student(user.id, user.name, user.email) for _, user in graded]
    extras = {user.id: (m.extra_minutes, m.extra_percent) for m, user in graded}
    by_id = {a.id: a for a in assignments}
    policies = {a.id: LATE_POLICY.validate_python(a.late_policy) for a in assignments}  # once each, not per attempt
    # Every extension and window start of the course, read once: a deadline per (student, assignment) follows.
    extensions = {
        (a, u): due
        for a, u, due in session.execute(
            select(Extension.assignment_id, Extension.user_id, Extension.due_at).where(
                Extension.assignment_id.in_(list(by_id))
            )
        ).all()
    }
    starts = {
        (a, u): at
        for a, u, at in session.execute(
            select(AssignmentStart.assignment_id, AssignmentStart.user_id, AssignmentStart.started_at).where(
                AssignmentStart.assignment_id.in_(list(by_id))
            )
        ).all()
    }
    deadlines: dict[tuple[str, str], dt.datetime] = {}
    attempts = []
    for attempt in attempts_of(session, course):
        assignment = by_id.get(attempt.assignment_id)
        if assignment is None or attempt.user_id not in extras:
            continue
        key = (attempt.assignment_id, attempt.user_id)
        if key not in deadlines:
            window = lengthened(assignment.window_minutes, *extras[attempt.user_id])
            deadlines[key] = deadline(assignment.due_at, extensions.get(key), starts.get(key), window)
        when = timing(policies[attempt.assignment_id], deadlines[key], attempt.received_at)
        # Past a deadline that has since moved earlier, an attempt that would now be refused counts nothing.
        penalty = when.penalty_percent if when.allowed else 100.0
        attempts.append(
            attempt if penalty == attempt.penalty_percent else dataclasses.replace(attempt, penalty_percent=penalty)
        )
    overrides, waived = {}, set()
    for adjustment in session.scalars(
        select(GradeAdjustment).where(GradeAdjustment.assignment_id.in_(list(by_id)))
    ).all():
        if adjustment.kind == WAIVER:
            waived.add((adjustment.user_id, adjustment.assignment_id))
        elif adjustment.grade is not None:
            overrides[adjustment.user_id, adjustment.assignment_id, adjustment.problem] = grading.Override(
                adjustment.grade, adjustment.reason
            )
    return grading.gradebook(students, specs, attempts, course.grade_by, overrides, waived), specs


def book_of(session: Session, course: Course) -> tuple[list[grading.StudentRow], list[grading.AssignmentSpec]]:
    """The gradebook's rows, for a caller that checked its viewer may read them (judge.service.reviews)."""
    return _book(session, course)


def _rows(rows: list[grading.StudentRow]) -> list[GradebookRow]:
    return [
        GradebookRow(
            student=r.name,
            email=r.email,
            total=r.total,
            assignments=[{**vars(a), "problems": [vars(p) for p in a.problems]} for a in r.assignments],
        )
        for r in rows
    ]


def gradebook(session: Session, viewer: Viewer, slug: str) -> list[GradebookRow]:
    """Per student and assignment: points earned per problem (best or last attempt, late penalty applied as the
    deadlines stand now, corrections applied and shown)."""
    course = find_course(session, viewer, slug, Action.READ_GRADEBOOK, "read the gradebook")
    return _rows(_book(session, course)[0])


def gradebook_csv(session: Session, viewer: Viewer, slug: str) -> tuple[str, str]:
    """(a file name, the gradebook as CSV for an LMS import: a column per problem and per assignment)."""
    course = find_course(session, viewer, slug, Action.READ_GRADEBOOK, "read the gradebook")
    rows, specs = _book(session, course)
    return f"{course.slug}-gradebook.csv", grading.as_csv(rows, specs)


def my_grades(session: Session, viewer: Viewer, slug: str) -> GradebookRow:
    """The viewer's own row of the gradebook, with each penalty, waiver and override shown."""
    course = find_course(session, viewer, slug, Action.READ_OWN_GRADES, "read your grades")
    rows = _rows(_book(session, course, only=viewer.id)[0])
    if not rows:
        raise NotFound(f"you have no grades in {course.slug}")
    return rows[0]


def _target(session: Session, viewer: Viewer, slug: str, assignment_slug: str, name: str):
    course = find_course(session, viewer, slug, Action.ADJUST_GRADES, "correct grades")
    assignment = assignment_of(session, course, assignment_slug)
    membership, user = membership_of(session, course, name)
    if membership.role is not MemberRole.STUDENT:
        raise InvalidRequest(f"{name} is not a student of {course.slug}: only students have grades")
    return course, assignment, user


def _adjustment(
    session: Session, assignment: Assignment, user: User, problem: str, kind: str
) -> GradeAdjustment | None:
    return session.scalar(
        select(GradeAdjustment).where(
            GradeAdjustment.assignment_id == assignment.id,
            GradeAdjustment.user_id == user.id,
            GradeAdjustment.problem == problem,
            GradeAdjustment.kind == kind,
        )
    )


def set_adjustment(
    session: Session,
    viewer: Viewer,
    slug: str,
    assignment_slug: str,
    name: str,
    kind: str,
    reason: str,
    problem: str = WHOLE,
    grade: float | None = None,
) -> None:
    """An override of one problem's grade (kind OVERRIDE), or a waiver of a whole assignment's late penalty
    (kind WAIVER): made or replaced, with its reason, and audited."""
    course, assignment, user = _target(session, viewer, slug, assignment_slug, name)
    if kind == OVERRIDE and problem not in {p.problem for p in assignment.problems}:
        raise NotFound(f"no problem {problem!r} in {course.slug}/{assignment_slug}")
    row = _adjustment(session, assignment, user, problem, kind)
    if row is None:
        row = GradeAdjustment(assignment_id=assignment.id, user_id=user.id, problem=problem, kind=kind)
        session.add(row)
    row.grade, row.reason, row.created_by, row.created_at = grade, reason, viewer.name, utcnow()
    target = f"{course.slug}/{assignment_slug}" + (f"/{problem}" if kind == OVERRIDE else "")
    audit.record(session, viewer, f"course.grade.{kind}.set", target, member=name, grade=grade, reason=reason)
    session.commit()


def clear_adjustment(
    session: Session, viewer: Viewer, slug: str, assignment_slug: str, name: str, kind: str, problem: str = WHOLE
) -> None:
    course, assignment, user = _target(session, viewer, slug, assignment_slug, name)
    row = _adjustment(session, assignment, user, problem, kind)
    if row is None:
        raise NotFound(f"{name} has no {kind} on {course.slug}/{assignment_slug}")
    session.delete(row)
    target = f"{course.slug}/{assignment_slug}" + (f"/{problem}" if kind == OVERRIDE else "")
    audit.record(session, viewer, f"course.grade.{kind}.clear", target, member=name)
    session.commit()
