"""Courses in the service: who belongs to which, what they may see, and what a submission counts for.

Invariants:
- An admin sees and does everything. Otherwise, a course exists for its active members only: anyone else gets
  NotFound for it, so that its name is not confirmed to outsiders.
- Course staff (instructors and TAs of the course) manage its members and see its submissions; instructors
  alone manage its assignments and extensions. A TA adds students only.
- A student sees an assignment, and its problems, from its release on; a problem that is in no assignment
  is in the open bank, seen by everyone when the deployment's open_bank is on, by staff only otherwise.
- A submission made for an assignment is tied to it at once, with whether it was late and its penalty; after
  a hard deadline, or the last day of a cut-off, it is refused (PermissionDenied, with the deadline).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from judge.courses import gradebook as grading
from judge.courses.course_file import AssignmentSpec, CourseSettings, check_assignment
from judge.courses.policy import LATE_POLICY, deadline, timing
from judge.db.models import (Assignment, AssignmentProblem, AssignmentStart, Course, Extension, Membership,
                             Submission, SubmissionResultRow, User, aware, utcnow)
from judge.db.roles import MemberRole, Role
from judge.errors import AlreadyExists, InvalidRequest, NotFound, PermissionDenied
from judge.service import audit
from judge.service.users import create_user

STAFF = (MemberRole.INSTRUCTOR, MemberRole.TA)


# --- who belongs where ---------------------------------------------------------------------------------

def memberships(session: Session, user: User) -> dict[str, MemberRole]:
    """The user's active courses, by id, with their role in each."""
    rows = session.execute(select(Membership.course_id, Membership.role)
                           .where(Membership.user_id == user.id, Membership.active)).all()
    return {course_id: role for course_id, role in rows}


def staff_course_ids(session: Session, user: User) -> set[str]:
    return {course_id for course_id, role in memberships(session, user).items() if role in STAFF}


def course_as(session: Session, user: User, slug: str, need: tuple[MemberRole, ...] = ()) -> Course:
    """The course, if the user may see it (and holds one of `need`, when given)."""
    course = session.scalar(select(Course).where(Course.slug == slug))
    role = memberships(session, user).get(course.id) if course else None
    if course is None or (role is None and user.role != Role.ADMIN):
        raise NotFound(f"no course {slug!r}")
    if need and user.role != Role.ADMIN and role not in need:
        raise PermissionDenied(f"only the course's {' and '.join(r.value for r in need)}s may do this")
    return course


def _member(session: Session, course: Course, user_id: str) -> Membership | None:
    return session.scalar(select(Membership).where(Membership.course_id == course.id, Membership.user_id == user_id))


# --- courses and members ---------------------------------------------------------------------------------

def create_course(session: Session, actor: User, slug: str, title: str, grade_by: str = "best") -> Course:
    """A new course; its creator is its first instructor. Admins and instructors may create one."""
    if actor.role not in (Role.ADMIN, Role.INSTRUCTOR):
        raise PermissionDenied("only admins and instructors can create courses")
    if session.scalar(select(Course).where(Course.slug == slug)) is not None:
        raise AlreadyExists(f"a course named {slug!r} exists already")
    course = Course(slug=slug, title=title, grade_by=grade_by)
    session.add(course)
    session.flush()
    session.add(Membership(course_id=course.id, user_id=actor.id, role=MemberRole.INSTRUCTOR))
    audit.record(session, actor, "course.create", slug, title=title)
    session.commit()
    return course


def course_settings(course: Course) -> CourseSettings:
    return CourseSettings(submissions_per_minute=course.submissions_per_minute,
                          max_pending_submissions=course.max_pending_submissions, webhook_url=course.webhook_url)


def save_settings(session: Session, actor: User, slug: str, settings: CourseSettings,
                  allow_private_webhooks: bool) -> Course:
    """Replace the course's settings (its instructors); a webhook URL is checked as a callback is."""
    from judge.service import webhooks

    course = course_as(session, actor, slug, (MemberRole.INSTRUCTOR,))
    if settings.webhook_url is not None:
        webhooks.check_callback(settings.webhook_url, allow_private_webhooks)
        course.webhook_secret = course.webhook_secret or webhooks.new_secret()
    course.submissions_per_minute = settings.submissions_per_minute
    course.max_pending_submissions = settings.max_pending_submissions
    course.webhook_url = settings.webhook_url
    audit.record(session, actor, "course.settings", course.slug, **settings.model_dump())
    session.commit()
    return course


def course_webhook_secret(session: Session, actor: User, slug: str) -> str:
    """The key that signs the course's webhooks (its instructors); made now if it has none."""
    from judge.service import webhooks

    course = course_as(session, actor, slug, (MemberRole.INSTRUCTOR,))
    if course.webhook_secret is None:
        course.webhook_secret = webhooks.new_secret()
        session.commit()
    return course.webhook_secret


def list_courses(session: Session, actor: User) -> list[tuple[Course, MemberRole | None]]:
    mine = memberships(session, actor)
    query = select(Course).order_by(Course.slug)
    if actor.role != Role.ADMIN:
        query = query.where(Course.id.in_(mine))
    return [(course, mine.get(course.id)) for course in session.scalars(query)]


@dataclass(frozen=True)
class NewMember:
    name: str
    role: MemberRole
    email: str | None = None


def add_members(session: Session, actor: User, course: Course, members: list[NewMember]) -> list[tuple[Membership, str | None]]:
    """Add people to the course, creating the users that do not exist yet; each new user's token is returned,
    once. All or nothing: every fault of the list is reported together, and nothing is added then."""
    role = memberships(session, actor).get(course.id)
    faults = []
    for i, member in enumerate(members, start=1):
        if actor.role != Role.ADMIN and member.role != MemberRole.STUDENT and role != MemberRole.INSTRUCTOR:
            faults.append(f"row {i} ({member.name}): only instructors add {member.role.value}s")
    names = [m.name for m in members]
    faults += [f"{name!r} is listed twice" for name in sorted({n for n in names if names.count(n) > 1})]
    if faults:
        raise PermissionDenied("; ".join(faults)) if all("only instructors" in f for f in faults) \
            else InvalidRequest("; ".join(faults))
    added = []
    for member in members:
        user = session.scalar(select(User).where(User.name == member.name))
        token = None
        if user is None:
            user, token = create_user(session, member.name, Role.STUDENT, commit=False)
            user.email = member.email
        existing = _member(session, course, user.id)
        if existing is not None:
            existing.role, existing.active = member.role, True
            added.append((existing, token))
            continue
        membership = Membership(course_id=course.id, user_id=user.id, role=member.role)
        session.add(membership)
        added.append((membership, token))
    audit.record(session, actor, "course.members.add", course.slug,
                 members=[{"name": m.name, "role": m.role.value} for m in members])
    session.commit()
    return added


def parse_roster(text: str) -> list[NewMember]:
    """A roster as CSV with the header name,email,role; every bad row is reported at once."""
    rows = list(csv.reader(io.StringIO(text.strip())))
    if not rows or [c.strip().lower() for c in rows[0]] != ["name", "email", "role"]:
        raise InvalidRequest("the roster must be CSV whose first line is: name,email,role")
    members, faults = [], []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != 3:
            faults.append(f"line {number}: expected 3 fields, got {len(row)}")
            continue
        name, email, role = (c.strip() for c in row)
        if not name or not all(c.isalnum() or c in "_.@-" for c in name):
            faults.append(f"line {number}: {name!r} is not a user name (letters, digits, _ . @ -)")
        if role.lower() not in {r.value for r in MemberRole}:
            faults.append(f"line {number}: role {role!r} is not instructor, ta or student")
            continue
        members.append(NewMember(name, MemberRole(role.lower()), email or None))
    if faults:
        raise InvalidRequest("the roster has errors: " + "; ".join(faults))
    return members


def set_membership(session: Session, actor: User, course: Course, name: str, active: bool | None,
                   remove: bool = False) -> Membership | None:
    user = session.scalar(select(User).where(User.name == name))
    membership = _member(session, course, user.id) if user else None
    if membership is None:
        raise NotFound(f"{name!r} is not a member of {course.slug}")
    if remove:
        audit.record(session, actor, "course.members.remove", course.slug, member=name)
        session.delete(membership)
        session.commit()
        return None
    membership.active = bool(active)
    audit.record(session, actor, "course.members.activate" if active else "course.members.deactivate", course.slug,
                 member=name)
    session.commit()
    return membership


def list_members(session: Session, course: Course) -> list[tuple[Membership, User]]:
    return list(session.execute(select(Membership, User).join(User, Membership.user_id == User.id)
                                .where(Membership.course_id == course.id).order_by(User.name)).all())


# --- assignments -----------------------------------------------------------------------------------------

def save_assignment(session: Session, actor: User, course: Course, spec: AssignmentSpec,
                    known_problems: set[str]) -> Assignment:
    """Create the assignment, or replace the one of that slug (moving a deadline is a replacement)."""
    faults = check_assignment(spec, known_problems, "assignment")
    if faults:
        raise InvalidRequest("; ".join(f"{f.field}: {f.message}" for f in faults))
    assignment = session.scalar(select(Assignment).where(Assignment.course_id == course.id,
                                                         Assignment.slug == spec.slug))
    if assignment is None:
        assignment = Assignment(course_id=course.id, slug=spec.slug)
        session.add(assignment)
    assignment.title, assignment.release_at, assignment.due_at = spec.title, spec.release_at, spec.due_at
    assignment.late_policy = spec.late_policy.model_dump(mode="json")
    assignment.window_minutes = spec.window_minutes
    assignment.problems.clear()
    session.flush()  # the old rows go before the new ones arrive: (assignment, problem) is unique
    assignment.problems.extend(AssignmentProblem(problem=p.problem, points=p.points, position=i)
                               for i, p in enumerate(spec.problems))
    audit.record(session, actor, "course.assignment.put", f"{course.slug}/{spec.slug}",
                 release_at=spec.release_at.isoformat(), due_at=spec.due_at.isoformat())
    session.commit()
    return assignment


def assignments_of(session: Session, actor: User, course: Course, now: dt.datetime | None = None) -> list[Assignment]:
    """Staff see every assignment; students those released."""
    now = now or utcnow()
    rows = session.scalars(select(Assignment).where(Assignment.course_id == course.id)
                           .order_by(Assignment.release_at, Assignment.slug)).all()
    if _is_staff(session, actor, course):
        return list(rows)
    return [a for a in rows if aware(a.release_at) <= now]


def open_assignment(session: Session, actor: User, course: Course, slug: str,
                    now: dt.datetime | None = None) -> tuple[Assignment, dt.datetime | None]:
    """The assignment as its reader sees it, and their own deadline. A student's first opening of a timed
    assignment starts their window."""
    now = now or utcnow()
    assignment = next((a for a in assignments_of(session, actor, course, now) if a.slug == slug), None)
    if assignment is None:
        raise NotFound(f"no assignment {slug!r} in {course.slug}")
    if _is_staff(session, actor, course):
        return assignment, None
    if assignment.window_minutes is not None and _start(session, assignment, actor) is None:
        session.add(AssignmentStart(assignment_id=assignment.id, user_id=actor.id, started_at=now))
        session.commit()
    return assignment, student_deadline(session, assignment, actor)


def set_extension(session: Session, actor: User, course: Course, slug: str, name: str,
                  due_at: dt.datetime) -> Extension:
    assignment = session.scalar(select(Assignment).where(Assignment.course_id == course.id, Assignment.slug == slug))
    user = session.scalar(select(User).where(User.name == name))
    if assignment is None:
        raise NotFound(f"no assignment {slug!r} in {course.slug}")
    if user is None or _member(session, course, user.id) is None:
        raise NotFound(f"{name!r} is not a member of {course.slug}")
    extension = session.scalar(select(Extension).where(Extension.assignment_id == assignment.id,
                                                       Extension.user_id == user.id))
    if extension is None:
        extension = Extension(assignment_id=assignment.id, user_id=user.id, due_at=due_at)
        session.add(extension)
    extension.due_at = due_at
    audit.record(session, actor, "course.extension.set", f"{course.slug}/{slug}", member=name,
                 due_at=due_at.isoformat())
    session.commit()
    return extension


def student_deadline(session: Session, assignment: Assignment, user: User) -> dt.datetime:
    extension = session.scalar(select(Extension.due_at).where(Extension.assignment_id == assignment.id,
                                                              Extension.user_id == user.id))
    start = _start(session, assignment, user)
    return deadline(aware(assignment.due_at), aware(extension), aware(start), assignment.window_minutes)


def _start(session: Session, assignment: Assignment, user: User) -> dt.datetime | None:
    return session.scalar(select(AssignmentStart.started_at).where(AssignmentStart.assignment_id == assignment.id,
                                                                   AssignmentStart.user_id == user.id))


def _is_staff(session: Session, user: User, course: Course) -> bool:
    return user.role == Role.ADMIN or memberships(session, user).get(course.id) in STAFF


# --- problems and submissions ------------------------------------------------------------------------------

def visible_problems(session: Session, user: User, bank: list[str], open_bank: bool,
                     now: dt.datetime | None = None) -> list[str]:
    """The problem slugs this user may see and submit to."""
    if user.role in (Role.ADMIN, Role.INSTRUCTOR):
        return list(bank)
    now = now or utcnow()
    assigned = dict(session.execute(select(AssignmentProblem.problem, Assignment.course_id)
                                    .join(Assignment, AssignmentProblem.assignment_id == Assignment.id)).all())
    mine = memberships(session, user)
    seen = set()
    for problem, course_id, release_at in session.execute(
            select(AssignmentProblem.problem, Assignment.course_id, Assignment.release_at)
            .join(Assignment, AssignmentProblem.assignment_id == Assignment.id)
            .where(Assignment.course_id.in_(mine))).all():
        if mine[course_id] in STAFF or aware(release_at) <= now:
            seen.add(problem)
    return [slug for slug in bank if slug in seen or (open_bank and slug not in assigned)]


@dataclass(frozen=True)
class SubmissionContext:
    course_id: str | None = None
    assignment_id: str | None = None
    late: bool = False
    penalty_percent: float = 0.0


def submission_context(session: Session, user: User, problem: str, assignment_ref: str | None,
                       open_bank: bool, now: dt.datetime | None = None) -> SubmissionContext:
    """What a new submission counts for. `assignment_ref` is "course/assignment"; without it, the one released
    assignment of the user's courses that holds the problem, if there is exactly one, else the open bank."""
    now = now or utcnow()
    mine = memberships(session, user)
    query = (select(Assignment, Course).join(AssignmentProblem, AssignmentProblem.assignment_id == Assignment.id)
             .join(Course, Course.id == Assignment.course_id).where(AssignmentProblem.problem == problem))
    candidates = [(a, c) for a, c in session.execute(query).all()
                  if user.role == Role.ADMIN or c.id in mine]
    if assignment_ref is not None:
        course_slug, _, slug = assignment_ref.partition("/")
        chosen = [(a, c) for a, c in candidates if c.slug == course_slug and a.slug == slug]
        if not chosen:
            raise NotFound(f"no assignment {assignment_ref!r} of yours holds the problem {problem!r}")
    else:
        released = [(a, c) for a, c in candidates
                    if aware(a.release_at) <= now or mine.get(c.id) in STAFF or user.role == Role.ADMIN]
        if len(released) > 1:
            names = ", ".join(sorted(f"{c.slug}/{a.slug}" for a, c in released))
            raise InvalidRequest(f"the problem {problem!r} is in several of your assignments ({names}): name one "
                                 "in the field assignment")
        chosen = released
    if not chosen:  # practice: the open bank, which staff of the deployment always see
        if user.role in (Role.ADMIN, Role.INSTRUCTOR):
            return SubmissionContext()
        assigned = session.scalar(select(AssignmentProblem.id).where(AssignmentProblem.problem == problem).limit(1))
        if assigned is not None or not open_bank:
            raise NotFound(f"no problem named {problem!r}")
        return SubmissionContext()
    assignment, course = chosen[0]
    if mine.get(course.id) in STAFF or user.role == Role.ADMIN:
        return SubmissionContext(course.id, assignment.id)
    if aware(assignment.release_at) > now:
        raise NotFound(f"no problem named {problem!r}")
    when = timing(LATE_POLICY.validate_python(assignment.late_policy), student_deadline(session, assignment, user),
                  now)
    if not when.allowed:
        raise PermissionDenied(f"{course.slug}/{assignment.slug}: {when.reason}")
    return SubmissionContext(course.id, assignment.id, when.late, when.penalty_percent)


# --- the gradebook --------------------------------------------------------------------------------------------

def course_gradebook(session: Session, course: Course) -> tuple[list[grading.StudentRow], list[grading.AssignmentSpec]]:
    students = [grading.Student(user.id, user.name, user.email) for membership, user in list_members(session, course)
                if membership.role == MemberRole.STUDENT and membership.active]
    specs = _specs(session, course)
    return grading.gradebook(students, specs, _attempts(session, course), course.grade_by), specs


def assignment_stats(session: Session, course: Course, slug: str) -> list[grading.ProblemStats]:
    spec = next((s for s in _specs(session, course) if s.slug == slug), None)
    if spec is None:
        raise NotFound(f"no assignment {slug!r} in {course.slug}")
    return grading.problem_stats(spec, _attempts(session, course))


def _specs(session: Session, course: Course) -> list[grading.AssignmentSpec]:
    assignments = session.scalars(select(Assignment).where(Assignment.course_id == course.id)
                                  .order_by(Assignment.release_at, Assignment.slug)).all()
    return [grading.AssignmentSpec(a.id, a.slug, tuple((p.problem, p.points) for p in a.problems))
            for a in assignments]


def _attempts(session: Session, course: Course) -> list[grading.Attempt]:
    rows = session.execute(select(Submission.user_id, Submission.assignment_id, Submission.problem,
                                  Submission.received_at, Submission.penalty_percent, SubmissionResultRow.score,
                                  SubmissionResultRow.verdict)
                           .outerjoin(SubmissionResultRow, SubmissionResultRow.submission_id == Submission.id)
                           .where(Submission.course_id == course.id, Submission.assignment_id.is_not(None))).all()
    return [grading.Attempt(r.user_id, r.assignment_id, r.problem, aware(r.received_at), r.score, r.verdict,
                            r.penalty_percent) for r in rows]
