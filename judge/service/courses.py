"""Courses in the service: who belongs to which, what they may see, and what a submission counts for.

Invariants:
- Who may do what in a course is judge.service.access's (its COURSE table): every function here asks it
  first, through find_course. A course exists for its active members only (and admins): anyone else gets
  NotFound for it, so that its name is not confirmed to outsiders.
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
from judge.db.models import (
    Assignment,
    AssignmentProblem,
    AssignmentStart,
    Course,
    Extension,
    Membership,
    Submission,
    SubmissionResultRow,
    User,
    utcnow,
)
from judge.db.roles import MemberRole, Role
from judge.errors import AlreadyExists, InvalidRequest, NotFound, PermissionDenied
from judge.service import audit
from judge.service.access import Action, Viewer, find_course, released_to
from judge.service.schemas import (
    AssignmentPublic,
    CourseCreate,
    CoursePublic,
    GradebookRow,
    MemberAdded,
    MemberCreate,
    MemberPublic,
    ProblemStatsPublic,
    WebhookSecret,
)
from judge.service.users import create_user

_STUDENT_ACCOUNT = Role.STUDENT  # the deployment role of an account a roster creates


def _member(session: Session, course: Course, user_id: str) -> Membership | None:
    return session.scalar(select(Membership).where(Membership.course_id == course.id, Membership.user_id == user_id))


def _public(course: Course, viewer: Viewer) -> CoursePublic:
    return CoursePublic(
        slug=course.slug, title=course.title, grade_by=course.grade_by, your_role=viewer.role_in(course.id)
    )


# --- courses -----------------------------------------------------------------------------------------


def create_course(session: Session, viewer: Viewer, body: CourseCreate) -> CoursePublic:
    """A new course; its creator is its first instructor."""
    viewer.require(Action.CREATE_COURSE, doing="create courses")
    if session.scalar(select(Course).where(Course.slug == body.slug)) is not None:
        raise AlreadyExists(f"a course named {body.slug!r} exists already")
    course = Course(slug=body.slug, title=body.title, grade_by=body.grade_by)
    session.add(course)
    session.flush()
    session.add(Membership(course_id=course.id, user_id=viewer.id, role=MemberRole.INSTRUCTOR))
    audit.record(session, viewer, "course.create", body.slug, title=body.title)
    session.commit()
    return CoursePublic(slug=course.slug, title=course.title, grade_by=course.grade_by, your_role=MemberRole.INSTRUCTOR)


def list_courses(session: Session, viewer: Viewer) -> list[CoursePublic]:
    """The viewer's courses; every course, for admins."""
    query = select(Course).order_by(Course.slug)
    if not viewer.is_admin:
        query = query.where(Course.id.in_(list(viewer.courses)))
    return [_public(course, viewer) for course in session.scalars(query)]


def read_course(session: Session, viewer: Viewer, slug: str) -> CoursePublic:
    return _public(find_course(session, viewer, slug), viewer)


def _settings(course: Course) -> CourseSettings:
    return CourseSettings(
        submissions_per_minute=course.submissions_per_minute,
        max_pending_submissions=course.max_pending_submissions,
        webhook_url=course.webhook_url,
    )


def read_settings(session: Session, viewer: Viewer, slug: str) -> CourseSettings:
    return _settings(find_course(session, viewer, slug, Action.READ_SETTINGS, "read the settings"))


def save_settings(
    session: Session, viewer: Viewer, slug: str, settings: CourseSettings, allow_private_webhooks: bool
) -> CourseSettings:
    """Replace the course's settings; a webhook URL is checked as a callback is."""
    from judge.service import webhooks

    course = find_course(session, viewer, slug, Action.EDIT_SETTINGS, "change the settings")
    if settings.webhook_url is not None:
        webhooks.check_callback(settings.webhook_url, allow_private_webhooks)
        course.webhook_secret = course.webhook_secret or webhooks.new_secret()
    course.submissions_per_minute = settings.submissions_per_minute
    course.max_pending_submissions = settings.max_pending_submissions
    course.webhook_url = settings.webhook_url
    audit.record(session, viewer, "course.settings", course.slug, **settings.model_dump())
    session.commit()
    return _settings(course)


def webhook_secret(session: Session, viewer: Viewer, slug: str) -> WebhookSecret:
    """The key that signs the course's webhooks; made now if it has none."""
    from judge.service import webhooks

    course = find_course(session, viewer, slug, Action.READ_WEBHOOK_SECRET, "read the webhook secret")
    if course.webhook_secret is None:
        course.webhook_secret = webhooks.new_secret()
        session.commit()
    return WebhookSecret(secret=course.webhook_secret)


# --- members ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewMember:
    name: str
    role: MemberRole
    email: str | None = None


def _member_public(membership: Membership, user: User, token: str | None = None) -> MemberAdded:
    return MemberAdded(name=user.name, email=user.email, role=membership.role, active=membership.active, token=token)


def list_members(session: Session, viewer: Viewer, slug: str) -> list[MemberPublic]:
    course = find_course(session, viewer, slug, Action.LIST_MEMBERS, "read the roster")
    return [MemberPublic(**_member_public(m, u).model_dump(exclude={"token"})) for m, u in _members(session, course)]


def _members(session: Session, course: Course) -> list[tuple[Membership, User]]:
    return [
        (m, u)
        for m, u in session.execute(
            select(Membership, User)
            .join(User, Membership.user_id == User.id)
            .where(Membership.course_id == course.id)
            .order_by(User.name)
        ).all()
    ]


def add_member(session: Session, viewer: Viewer, slug: str, body: MemberCreate) -> MemberAdded:
    """Add one person; a new user's token is in the answer, once."""
    course = find_course(session, viewer, slug, Action.ADD_STUDENT, "add members")
    (added,) = _add_members(session, viewer, course, [NewMember(body.name, body.role, body.email)])
    return added


def import_roster(session: Session, viewer: Viewer, slug: str, text: str) -> list[MemberAdded]:
    """Everyone of a CSV roster (header name,email,role), all or nothing; new users' tokens come back once."""
    course = find_course(session, viewer, slug, Action.ADD_STUDENT, "add members")
    return _add_members(session, viewer, course, parse_roster(text))


def _add_members(session: Session, viewer: Viewer, course: Course, members: list[NewMember]) -> list[MemberAdded]:
    """Add people to the course, creating the users that do not exist yet. All or nothing: every fault of the
    list is reported together, and nothing is added then."""
    refused = [
        f"row {i} ({m.name}): only instructors add {m.role.value}s"
        for i, m in enumerate(members, start=1)
        if m.role != MemberRole.STUDENT and not viewer.may(Action.ADD_STAFF, course.id)
    ]
    names = [m.name for m in members]
    twice = [f"{name!r} is listed twice" for name in sorted({n for n in names if names.count(n) > 1})]
    if twice:
        raise InvalidRequest("; ".join(refused + twice))
    if refused:
        raise PermissionDenied("; ".join(refused))
    added = []
    for member in members:
        user = session.scalar(select(User).where(User.name == member.name))
        token = None
        if user is None:
            user, token = create_user(session, member.name, _STUDENT_ACCOUNT, commit=False)
            user.email = member.email
        membership = _member(session, course, user.id)
        if membership is not None:
            membership.role, membership.active = member.role, True
        else:
            membership = Membership(course_id=course.id, user_id=user.id, role=member.role, active=True)
            session.add(membership)
        added.append((membership, user, token))
    audit.record(
        session,
        viewer,
        "course.members.add",
        course.slug,
        members=[{"name": m.name, "role": m.role.value} for m in members],
    )
    session.commit()
    return [_member_public(m, u, token) for m, u, token in added]


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


def _membership_of(session: Session, course: Course, name: str) -> tuple[Membership, User]:
    user = session.scalar(select(User).where(User.name == name))
    membership = _member(session, course, user.id) if user else None
    if membership is None or user is None:
        raise NotFound(f"{name!r} is not a member of {course.slug}")
    return membership, user


def set_member_active(session: Session, viewer: Viewer, slug: str, name: str, active: bool) -> MemberPublic:
    """Deactivate (or reactivate) a member: they lose access to the course; their submissions stay."""
    course = find_course(session, viewer, slug, Action.SET_MEMBER_ACTIVE, "change members")
    membership, user = _membership_of(session, course, name)
    membership.active = bool(active)
    audit.record(
        session, viewer, "course.members.activate" if active else "course.members.deactivate", course.slug, member=name
    )
    session.commit()
    return MemberPublic(name=user.name, email=user.email, role=membership.role, active=membership.active)


def remove_member(session: Session, viewer: Viewer, slug: str, name: str) -> None:
    """Take someone off the course; their submissions stay."""
    course = find_course(session, viewer, slug, Action.REMOVE_MEMBER, "remove members")
    membership, _ = _membership_of(session, course, name)
    audit.record(session, viewer, "course.members.remove", course.slug, member=name)
    session.delete(membership)
    session.commit()


# --- assignments -----------------------------------------------------------------------------------------


def _assignment_public(assignment: Assignment, due: dt.datetime | None = None) -> AssignmentPublic:
    return AssignmentPublic(
        slug=assignment.slug,
        title=assignment.title,
        release_at=assignment.release_at,
        due_at=assignment.due_at,
        late_policy=assignment.late_policy,
        window_minutes=assignment.window_minutes,
        problems=[{"problem": p.problem, "points": p.points} for p in assignment.problems],
        your_deadline=due,
    )


def save_assignment(
    session: Session, viewer: Viewer, slug: str, spec: AssignmentSpec, known_problems: set[str]
) -> AssignmentPublic:
    """Create the assignment, or replace the one of that slug (moving a deadline is a replacement)."""
    course = find_course(session, viewer, slug, Action.EDIT_ASSIGNMENT, "change assignments")
    faults = check_assignment(spec, known_problems, "assignment")
    if faults:
        raise InvalidRequest("; ".join(f"{f.field}: {f.message}" for f in faults))
    assignment = session.scalar(
        select(Assignment).where(Assignment.course_id == course.id, Assignment.slug == spec.slug)
    )
    if assignment is None:
        assignment = Assignment(course_id=course.id, slug=spec.slug)
        session.add(assignment)
    assignment.title, assignment.release_at, assignment.due_at = spec.title, spec.release_at, spec.due_at
    assignment.late_policy = spec.late_policy.model_dump(mode="json")
    assignment.window_minutes = spec.window_minutes
    assignment.problems.clear()
    session.flush()  # the old rows go before the new ones arrive: (assignment, problem) is unique
    assignment.problems.extend(
        AssignmentProblem(problem=p.problem, points=p.points, position=i) for i, p in enumerate(spec.problems)
    )
    audit.record(
        session,
        viewer,
        "course.assignment.put",
        f"{course.slug}/{spec.slug}",
        release_at=spec.release_at.isoformat(),
        due_at=spec.due_at.isoformat(),
    )
    session.commit()
    return _assignment_public(assignment)


def _assignments(session: Session, viewer: Viewer, course: Course, now: dt.datetime | None = None) -> list[Assignment]:
    """The course's assignments the viewer sees: every one for staff, the released ones for students."""
    rows = session.scalars(
        select(Assignment).where(Assignment.course_id == course.id).order_by(Assignment.release_at, Assignment.slug)
    ).all()
    return [a for a in rows if released_to(viewer, a, now)]


def assignment_seen(session: Session, viewer: Viewer, course: Course, slug: str) -> Assignment:
    """One assignment of the course, if the viewer sees it (NotFound otherwise)."""
    assignment = next((a for a in _assignments(session, viewer, course) if a.slug == slug), None)
    if assignment is None:
        raise NotFound(f"no assignment {slug!r} in {course.slug}")
    return assignment


def list_assignments(session: Session, viewer: Viewer, slug: str) -> list[AssignmentPublic]:
    return [_assignment_public(a) for a in _assignments(session, viewer, find_course(session, viewer, slug))]


def open_assignment(
    session: Session, viewer: Viewer, slug: str, assignment_slug: str, now: dt.datetime | None = None
) -> AssignmentPublic:
    """The assignment as its reader sees it, with their own deadline. A student's first opening of a timed
    assignment starts their window."""
    now = now or utcnow()
    course = find_course(session, viewer, slug)
    assignment = assignment_seen(session, viewer, course, assignment_slug)
    if viewer.may(Action.SEE_UNRELEASED, course.id):  # staff: no deadline of their own
        return _assignment_public(assignment)
    if assignment.window_minutes is not None and _start(session, assignment, viewer.id) is None:
        session.add(AssignmentStart(assignment_id=assignment.id, user_id=viewer.id, started_at=now))
        session.commit()
    return _assignment_public(assignment, student_deadline(session, assignment, viewer.id))


def set_extension(
    session: Session, viewer: Viewer, slug: str, assignment_slug: str, name: str, due_at: dt.datetime
) -> None:
    course = find_course(session, viewer, slug, Action.SET_EXTENSION, "give extensions")
    assignment = session.scalar(
        select(Assignment).where(Assignment.course_id == course.id, Assignment.slug == assignment_slug)
    )
    if assignment is None:
        raise NotFound(f"no assignment {assignment_slug!r} in {course.slug}")
    _, user = _membership_of(session, course, name)
    extension = session.scalar(
        select(Extension).where(Extension.assignment_id == assignment.id, Extension.user_id == user.id)
    )
    if extension is None:
        extension = Extension(assignment_id=assignment.id, user_id=user.id, due_at=due_at)
        session.add(extension)
    extension.due_at = due_at
    audit.record(
        session,
        viewer,
        "course.extension.set",
        f"{course.slug}/{assignment_slug}",
        member=name,
        due_at=due_at.isoformat(),
    )
    session.commit()


def student_deadline(session: Session, assignment: Assignment, user_id: str) -> dt.datetime:
    extension = session.scalar(
        select(Extension.due_at).where(Extension.assignment_id == assignment.id, Extension.user_id == user_id)
    )
    return deadline(assignment.due_at, extension, _start(session, assignment, user_id), assignment.window_minutes)


def _start(session: Session, assignment: Assignment, user_id: str) -> dt.datetime | None:
    return session.scalar(
        select(AssignmentStart.started_at).where(
            AssignmentStart.assignment_id == assignment.id, AssignmentStart.user_id == user_id
        )
    )


# --- submissions -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmissionContext:
    course_id: str | None = None
    assignment_id: str | None = None
    late: bool = False
    penalty_percent: float = 0.0


def submission_context(
    session: Session,
    viewer: Viewer,
    problem: str,
    assignment_ref: str | None,
    open_bank: bool,
    now: dt.datetime | None = None,
) -> SubmissionContext:
    """What a new submission counts for. `assignment_ref` is "course/assignment"; without it, the one released
    assignment of the viewer's courses that holds the problem, if there is exactly one, else the open bank."""
    now = now or utcnow()
    query = (
        select(Assignment, Course)
        .join(AssignmentProblem, AssignmentProblem.assignment_id == Assignment.id)
        .join(Course, Course.id == Assignment.course_id)
        .where(AssignmentProblem.problem == problem)
    )
    candidates = [(a, c) for a, c in session.execute(query).all() if viewer.may(Action.READ_COURSE, c.id)]
    if assignment_ref is not None:
        course_slug, _, slug = assignment_ref.partition("/")
        chosen = [(a, c) for a, c in candidates if c.slug == course_slug and a.slug == slug]
        if not chosen:
            raise NotFound(f"no assignment {assignment_ref!r} of yours holds the problem {problem!r}")
    else:
        released = [(a, c) for a, c in candidates if released_to(viewer, a, now)]
        if len(released) > 1:
            names = ", ".join(sorted(f"{c.slug}/{a.slug}" for a, c in released))
            raise InvalidRequest(
                f"the problem {problem!r} is in several of your assignments ({names}): name one in the field assignment"
            )
        chosen = released
    if not chosen:  # practice: the open bank, which the deployment's staff always see
        if viewer.may(Action.SEE_WHOLE_BANK):
            return SubmissionContext()
        assigned = session.scalar(select(AssignmentProblem.id).where(AssignmentProblem.problem == problem).limit(1))
        if assigned is not None or not open_bank:
            raise NotFound(f"no problem named {problem!r}")
        return SubmissionContext()
    assignment, course = chosen[0]
    if viewer.may(Action.SEE_UNRELEASED, course.id):  # staff: never late
        return SubmissionContext(course.id, assignment.id)
    if assignment.release_at > now:
        raise NotFound(f"no problem named {problem!r}")
    when = timing(
        LATE_POLICY.validate_python(assignment.late_policy), student_deadline(session, assignment, viewer.id), now
    )
    if not when.allowed:
        raise PermissionDenied(f"{course.slug}/{assignment.slug}: {when.reason}")
    return SubmissionContext(course.id, assignment.id, when.late, when.penalty_percent)


# --- the gradebook --------------------------------------------------------------------------------------------


def _gradebook(session: Session, course: Course) -> tuple[list[grading.StudentRow], list[grading.AssignmentSpec]]:
    students = [
        grading.Student(user.id, user.name, user.email)
        for membership, user in _members(session, course)
        if membership.role is MemberRole.STUDENT and membership.active
    ]  # who is graded
    specs = _specs(session, course)
    return grading.gradebook(students, specs, _attempts(session, course), course.grade_by), specs


def gradebook(session: Session, viewer: Viewer, slug: str) -> list[GradebookRow]:
    """Per student and assignment: points earned per problem (best or last attempt, late penalty applied)."""
    rows, _ = _gradebook(session, find_course(session, viewer, slug, Action.READ_GRADEBOOK, "read the gradebook"))
    return [
        GradebookRow(
            student=r.name,
            email=r.email,
            total=r.total,
            assignments=[{**vars(a), "problems": [vars(p) for p in a.problems]} for a in r.assignments],
        )
        for r in rows
    ]


def gradebook_csv(session: Session, viewer: Viewer, slug: str) -> tuple[str, str]:
    """(a file name, the gradebook as CSV for an LMS import)."""
    course = find_course(session, viewer, slug, Action.READ_GRADEBOOK, "read the gradebook")
    rows, specs = _gradebook(session, course)
    return f"{course.slug}-gradebook.csv", grading.as_csv(rows, specs)


def assignment_stats(session: Session, viewer: Viewer, slug: str, assignment_slug: str) -> list[ProblemStatsPublic]:
    """Per problem: attempts, students, the share accepted, the verdicts, and the median attempts to solve."""
    course = find_course(session, viewer, slug, Action.READ_STATISTICS, "read the statistics")
    spec = next((s for s in _specs(session, course) if s.slug == assignment_slug), None)
    if spec is None:
        raise NotFound(f"no assignment {assignment_slug!r} in {course.slug}")
    return [ProblemStatsPublic(**vars(s)) for s in grading.problem_stats(spec, _attempts(session, course))]


def _specs(session: Session, course: Course) -> list[grading.AssignmentSpec]:
    assignments = session.scalars(
        select(Assignment).where(Assignment.course_id == course.id).order_by(Assignment.release_at, Assignment.slug)
    ).all()
    return [grading.AssignmentSpec(a.id, a.slug, tuple((p.problem, p.points) for p in a.problems)) for a in assignments]


def _attempts(session: Session, course: Course) -> list[grading.Attempt]:
    rows = session.execute(
        select(
            Submission.user_id,
            Submission.assignment_id,
            Submission.problem,
            Submission.received_at,
            Submission.penalty_percent,
            SubmissionResultRow.score,
            SubmissionResultRow.verdict,
        )
        .outerjoin(SubmissionResultRow, SubmissionResultRow.submission_id == Submission.id)
        .where(Submission.course_id == course.id, Submission.assignment_id.is_not(None))
    ).all()
    return [
        grading.Attempt(r.user_id, r.assignment_id, r.problem, r.received_at, r.score, r.verdict, r.penalty_percent)
        for r in rows
    ]
