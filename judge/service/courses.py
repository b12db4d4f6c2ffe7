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
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from judge.courses import gradebook as grading
from judge.courses.course_file import AssignmentSpec, CourseSettings, check_assignment
from judge.courses.policy import LATE_POLICY, deadline, lengthened, timing
from judge.db.models import (
    Assignment,
    AssignmentProblem,
    AssignmentStart,
    Course,
    Extension,
    Invite,
    Membership,
    Submission,
    SubmissionResultRow,
    User,
    utcnow,
)
from judge.db.roles import MemberRole, Role
from judge.errors import AlreadyExists, Conflict, InvalidRequest, NotFound, PermissionDenied
from judge.service import audit
from judge.service.logins import email_fault, login_fault
from judge.service.access import (
    Action,
    Viewer,
    find_course,
    may_change_member,
    private_problems,
    released_to,
    visible_problems,
)
from judge.service.schemas import (
    AssignmentOverview,
    AssignmentPublic,
    CourseOverview,
    CourseCreate,
    ExtensionPublic,
    WindowPublic,
    CoursePublic,
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
    display_name: str | None = None


def _member_public(membership: Membership, user: User, token: str | None = None) -> MemberAdded:
    return MemberAdded(
        name=user.name,
        email=user.email,
        display_name=user.display_name,
        role=membership.role,
        active=membership.active,
        extra_minutes=membership.extra_minutes,
        extra_percent=membership.extra_percent,
        token=token,
    )


def list_members(session: Session, viewer: Viewer, slug: str) -> list[MemberPublic]:
    course = find_course(session, viewer, slug, Action.LIST_MEMBERS, "read the roster")
    return [MemberPublic(**_member_public(m, u).model_dump(exclude={"token"})) for m, u in members_of(session, course)]


def members_of(session: Session, course: Course) -> list[tuple[Membership, User]]:
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
    (added,) = _add_members(session, viewer, course, [NewMember(body.name, body.role, body.email, body.display_name)])
    return added


def import_roster(session: Session, viewer: Viewer, slug: str, text: str) -> list[MemberAdded]:
    """Everyone of a CSV roster (header name,email,role), all or nothing; new users' tokens come back once."""
    course = find_course(session, viewer, slug, Action.ADD_STUDENT, "add members")
    return _add_members(session, viewer, course, parse_roster(text))


def _add_members(session: Session, viewer: Viewer, course: Course, members: list[NewMember]) -> list[MemberAdded]:
    """Add people to the course, creating the users that do not exist yet. All or nothing: every fault of the
    list is reported together, and nothing is added then."""
    users = {m.name: session.scalar(select(User).where(User.name == m.name)) for m in members}
    refused = []
    for i, m in enumerate(members, start=1):
        user = users[m.name]
        current = _member(session, course, user.id) if user is not None else None
        if not may_change_member(viewer, course.id, m.role):
            refused.append(f"row {i} ({m.name}): only instructors add {m.role.value}s")
        elif current is not None and not may_change_member(viewer, course.id, current.role):
            refused.append(f"row {i} ({m.name}): only instructors change what a member of staff is")
        elif user is None and not viewer.may(Action.CREATE_MEMBER_ACCOUNT, course.id):
            # An account is the deployment's: a TA adds people who have one, and creates none (round two,
            # finding 9: each new account had a fresh quota).
            refused.append(f"row {i} ({m.name}): only instructors add people who have no account yet")
    names = [m.name for m in members]
    twice = [f"{name!r} is listed twice" for name in sorted({n for n in names if names.count(n) > 1})]
    if twice:
        raise InvalidRequest("; ".join(refused + twice))
    if refused:
        raise PermissionDenied("; ".join(refused))
    demoted = {m.name for m in members if m.role != MemberRole.INSTRUCTOR}
    _keep_an_instructor(session, course, [users[n].id for n in demoted if users[n] is not None])
    added = []
    for member in members:
        user = users[member.name]
        token = None
        if user is None:
            user, token = create_user(session, member.name, _STUDENT_ACCOUNT, commit=False)
            user.email = member.email
        if member.display_name is not None:
            user.display_name = member.display_name
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
    """A roster as CSV with the header name,email,role (and display_name, any text, if wanted); every bad row
    is reported at once."""
    rows = list(csv.reader(io.StringIO(text.strip())))
    header = [c.strip().lower() for c in rows[0]] if rows else []
    if header not in (["name", "email", "role"], ["name", "email", "role", "display_name"]):
        raise InvalidRequest(
            "the roster must be CSV whose first line is: name,email,role (or name,email,role,display_name)"
        )
    members, faults = [], []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            faults.append(f"line {number}: expected {len(header)} fields, got {len(row)}")
            continue
        name, email, role = (c.strip() for c in row[:3])
        display = row[3].strip() if len(row) > 3 and row[3].strip() else None
        if display is not None and len(display) > 200:
            faults.append(f"line {number}: the display name is over 200 characters")
        fault = login_fault(name) or (email_fault(email) if email else None)
        if fault:
            faults.append(f"line {number}: {fault}")
        if role.lower() not in {r.value for r in MemberRole}:
            faults.append(f"line {number}: role {role!r} is not instructor, ta or student")
            continue
        members.append(NewMember(name, MemberRole(role.lower()), email or None, display))
    if faults:
        raise InvalidRequest("the roster has errors: " + "; ".join(faults))
    return members


def _keep_an_instructor(session: Session, course: Course, leaving: list[str]) -> None:
    """Refuse a change that would leave the course with no active instructor: nobody could run it then."""
    instructors = session.scalars(
        select(Membership.user_id).where(
            Membership.course_id == course.id, Membership.role == MemberRole.INSTRUCTOR, Membership.active.is_(True)
        )
    ).all()
    if instructors and not set(instructors) - set(leaving):
        raise InvalidRequest(f"{course.slug} would have no active instructor left: add another one first")


def membership_of(session: Session, course: Course, name: str) -> tuple[Membership, User]:
    user = session.scalar(select(User).where(User.name == name))
    membership = _member(session, course, user.id) if user else None
    if membership is None or user is None:
        raise NotFound(f"{name!r} is not a member of {course.slug}")
    return membership, user


def set_member_active(session: Session, viewer: Viewer, slug: str, name: str, active: bool) -> MemberPublic:
    """Deactivate (or reactivate) a member: they lose access to the course; their submissions stay."""
    course = find_course(session, viewer, slug, Action.SET_MEMBER_ACTIVE, "change members")
    membership, user = membership_of(session, course, name)
    if not may_change_member(viewer, course.id, membership.role):
        raise PermissionDenied("only instructors change what a member of staff is")
    if not active:
        _keep_an_instructor(session, course, [user.id])
    membership.active = bool(active)
    audit.record(
        session, viewer, "course.members.activate" if active else "course.members.deactivate", course.slug, member=name
    )
    session.commit()
    return MemberPublic(name=user.name, email=user.email, role=membership.role, active=membership.active)


def remove_member(session: Session, viewer: Viewer, slug: str, name: str) -> None:
    """Take someone off the course; their submissions stay."""
    course = find_course(session, viewer, slug, Action.REMOVE_MEMBER, "remove members")
    membership, user = membership_of(session, course, name)
    _keep_an_instructor(session, course, [user.id])
    audit.record(session, viewer, "course.members.remove", course.slug, member=name)
    session.delete(membership)
    session.commit()


# --- assignments -----------------------------------------------------------------------------------------


def _assignment_public(assignment: Assignment, due: dt.datetime | None = None, staff: bool = True) -> AssignmentPublic:
    options = assignment.assessment
    if options is not None and not staff:  # the rubric and the retention are the hiring team's
        options = {k: v for k, v in options.items() if k not in ("rubric", "retention")}
    return AssignmentPublic(
        assessment=options,
        slug=assignment.slug,
        title=assignment.title,
        release_at=assignment.release_at,
        due_at=assignment.due_at,
        late_policy=assignment.late_policy,
        window_minutes=assignment.window_minutes,
        private=assignment.private,
        withdrawn_at=assignment.withdrawn_at,
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
    else:
        _keep_graded_problems(session, assignment, {p.problem for p in spec.problems})
    assignment.title, assignment.release_at, assignment.due_at = spec.title, spec.release_at, spec.due_at
    assignment.late_policy = spec.late_policy.model_dump(mode="json")
    assignment.window_minutes = spec.window_minutes
    assignment.private = spec.private
    assignment.assessment = None if spec.assessment is None else spec.assessment.model_dump(mode="json")
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


def _keep_graded_problems(session: Session, assignment: Assignment, kept: set[str]) -> None:
    """An edit never drops a grade: a problem that students submitted to stays in its assignment (its points
    may change, or become 0); taking it out is refused, naming it."""
    dropped = {p.problem for p in assignment.problems} - kept
    graded = sorted(
        set(
            session.scalars(
                select(Submission.problem).where(
                    Submission.assignment_id == assignment.id,
                    Submission.problem.in_(dropped),
                    Submission.examples_only.is_(False),  # a run on the examples holds no grade
                )
            )
        )
    )
    if graded:
        raise Conflict(
            f"{assignment.slug}: {', '.join(graded)} already has submissions, whose grades would be dropped; keep "
            "it in the list (with 0 points, if it should count for nothing), or withdraw the assignment"
        )


def set_withdrawn(
    session: Session, viewer: Viewer, slug: str, assignment_slug: str, withdrawn: bool
) -> AssignmentPublic:
    """Withdraw an assignment (hidden from students, out of the gradebook, every submission kept), or restore it."""
    course = find_course(session, viewer, slug, Action.EDIT_ASSIGNMENT, "withdraw assignments")
    assignment = assignment_of(session, course, assignment_slug)
    assignment.withdrawn_at = utcnow() if withdrawn else None
    audit.record(
        session,
        viewer,
        "course.assignment.withdraw" if withdrawn else "course.assignment.restore",
        f"{course.slug}/{assignment_slug}",
    )
    session.commit()
    return _assignment_public(assignment)


def assignment_of(session: Session, course: Course, assignment_slug: str) -> Assignment:
    assignment = session.scalar(
        select(Assignment).where(Assignment.course_id == course.id, Assignment.slug == assignment_slug)
    )
    if assignment is None:
        raise NotFound(f"no assignment {assignment_slug!r} in {course.slug}")
    return assignment


def list_extensions(session: Session, viewer: Viewer, slug: str, assignment_slug: str) -> list[ExtensionPublic]:
    course = find_course(session, viewer, slug, Action.LIST_EXTENSIONS, "see extensions")
    assignment = assignment_of(session, course, assignment_slug)
    rows = session.execute(
        select(User.name, Extension.due_at)
        .join(User, User.id == Extension.user_id)
        .where(Extension.assignment_id == assignment.id)
        .order_by(User.name)
    ).all()
    return [ExtensionPublic(student=name, due_at=due) for name, due in rows]


def list_windows(
    session: Session, viewer: Viewer, slug: str, assignment_slug: str, now: dt.datetime | None = None
) -> list[WindowPublic]:
    """Each student of a timed assignment: when their window started (None: not yet), when it ends, and the
    minutes used so far."""
    now = now or utcnow()
    course = find_course(session, viewer, slug, Action.READ_WINDOWS, "see timed windows")
    assignment = assignment_of(session, course, assignment_slug)
    windows = []
    for membership, user in members_of(session, course):
        if membership.role is not MemberRole.STUDENT:
            continue
        started = _start(session, assignment, user.id)
        ends = student_deadline(session, assignment, user.id) if started else None
        used = None
        if started is not None and ends is not None:
            used = round(max(0.0, (min(now, ends) - started).total_seconds()) / 60, 2)
        windows.append(
            WindowPublic(
                student=user.name,
                started_at=started,
                ends_at=ends,
                minutes_used=used,
                window_minutes=window_of(session, assignment, user.id),
            )
        )
    return windows


def set_accommodation(
    session: Session, viewer: Viewer, slug: str, name: str, extra_minutes: int | None, extra_percent: float | None
) -> MemberPublic:
    """Extra time for one student in every timed window of the course: minutes, a share of the window, or both."""
    course = find_course(session, viewer, slug, Action.SET_ACCOMMODATION, "give extra time")
    membership, user = membership_of(session, course, name)
    membership.extra_minutes, membership.extra_percent = extra_minutes, extra_percent
    audit.record(
        session,
        viewer,
        "course.member.accommodation",
        f"{course.slug}/{name}",
        extra_minutes=extra_minutes,
        extra_percent=extra_percent,
    )
    session.commit()
    return _member_public(membership, user)


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


def overview(session: Session, viewer: Viewer, slug: str) -> CourseOverview:
    """The course as its home page shows it, opening nothing (no timed window starts): the viewer's standing in
    it, and each assignment they see with their own deadline and when their window started."""
    course = find_course(session, viewer, slug)
    staff = viewer.may(Action.SEE_UNRELEASED, course.id)
    listed = []
    for assignment in _assignments(session, viewer, course):
        if staff:
            listed.append(AssignmentOverview(assignment=_assignment_public(assignment)))
            continue
        due = student_deadline(session, assignment, viewer.id)
        listed.append(
            AssignmentOverview(
                assignment=_assignment_public(assignment, due, staff=False),
                started_at=_start(session, assignment, viewer.id),
                window_minutes=window_of(session, assignment, viewer.id),
            )
        )
    return CourseOverview(
        course=_public(course, viewer),
        staff=viewer.may(Action.READ_GRADEBOOK, course.id),
        own_grades=viewer.may(Action.READ_OWN_GRADES, course.id),
        instructor=viewer.may(Action.EDIT_ASSIGNMENT, course.id),
        assignments=listed,
    )


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
    start_window(session, assignment, viewer.id, now)
    return _assignment_public(assignment, student_deadline(session, assignment, viewer.id), staff=False)


def start_window(session: Session, assignment: Assignment, user_id: str, now: dt.datetime | None = None) -> None:
    """A student's timed window opens at the first of: opening the assignment, reading any of its problems,
    running or submitting to one. Its start is kept once; staff see it (windows). A hiring assessment's clock
    starts only at the candidate's Start (judge.service.assessments.start), never by a look."""
    if assignment.window_minutes is None or assignment.assessment is not None:
        return
    if _start(session, assignment, user_id) is not None:
        return
    session.add(AssignmentStart(assignment_id=assignment.id, user_id=user_id, started_at=now or utcnow()))
    try:
        session.commit()
    except IntegrityError:  # opened twice at once: the first start stands
        session.rollback()


def set_extension(
    session: Session, viewer: Viewer, slug: str, assignment_slug: str, name: str, due_at: dt.datetime
) -> None:
    course = find_course(session, viewer, slug, Action.SET_EXTENSION, "give extensions")
    assignment = session.scalar(
        select(Assignment).where(Assignment.course_id == course.id, Assignment.slug == assignment_slug)
    )
    if assignment is None:
        raise NotFound(f"no assignment {assignment_slug!r} in {course.slug}")
    _, user = membership_of(session, course, name)
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
    return deadline(
        assignment.due_at, extension, _start(session, assignment, user_id), window_of(session, assignment, user_id)
    )


def window_of(session: Session, assignment: Assignment, user_id: str) -> float | None:
    """The student's window, in minutes: the assignment's, lengthened by their extra time (accommodations)."""
    if assignment.window_minutes is None:
        return None
    extra = session.execute(
        select(Membership.extra_minutes, Membership.extra_percent).where(
            Membership.course_id == assignment.course_id, Membership.user_id == user_id
        )
    ).first()
    return lengthened(assignment.window_minutes, *(extra or (None, None)))


def _start(session: Session, assignment: Assignment, user_id: str) -> dt.datetime | None:
    return session.scalar(
        select(AssignmentStart.started_at).where(
            AssignmentStart.assignment_id == assignment.id, AssignmentStart.user_id == user_id
        )
    )


def read_problem_windows(session: Session, viewer: Viewer, problem: str, open_bank: bool) -> None:
    """Before a student reads a problem: each timed assignment of theirs that holds it starts its window (reading
    is starting), and a statement that only a timed assignment gives is refused once that window has ended."""
    if viewer.may(Action.SEE_WHOLE_BANK):
        return
    now = utcnow()
    held = session.scalars(
        select(Assignment)
        .join(AssignmentProblem, AssignmentProblem.assignment_id == Assignment.id)
        .where(AssignmentProblem.problem == problem, Assignment.course_id.in_(list(viewer.courses)))
    ).all()
    mine = [a for a in held if released_to(viewer, a, now) and not viewer.may(Action.SEE_UNRELEASED, a.course_id)]
    timed = [a for a in mine if a.window_minutes is not None]
    if not timed:
        return
    if not [a for a in mine if a.assessment is None]:  # only assessments hold it: each is read within its clock
        faults = []
        for assignment in timed:
            try:
                assessment_gate(session, assignment, viewer.id, now)
                return
            except PermissionDenied as exc:
                faults.append(str(exc))
        raise PermissionDenied(faults[0])
    for assignment in timed:
        start_window(session, assignment, viewer.id, now)
    untimed_route = len(timed) < len(mine) or (open_bank and problem not in private_problems(session, [problem]))
    ends = [student_deadline(session, a, viewer.id) for a in timed]
    if not untimed_route and all(end < now for end in ends):
        raise PermissionDenied(f"your time for this problem ended at {max(ends).isoformat()}")


# --- submissions -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmissionContext:
    course_id: str | None = None
    assignment_id: str | None = None
    late: bool = False
    penalty_percent: float = 0.0
    variant_seed: int | None = None  # the candidate's variant of the problem's hidden data (their invite's seed)


def assessment_gate(session: Session, assignment: Assignment, user_id: str, now: dt.datetime | None = None) -> None:
    """A hiring assessment takes work on its problems, and shows them, only while the candidate's clock runs:
    from their Start to their Finish or the end of their time, whichever is first. Staff are never asked."""
    if assignment.assessment is None:
        return
    now = now or utcnow()
    start = session.get(AssignmentStart, (assignment.id, user_id))
    if start is None:
        raise PermissionDenied(
            f"{assignment.title}: its clock has not started. Press Start on the assessment's page when you are ready"
        )
    if start.finished_at is not None:
        raise PermissionDenied(
            f"{assignment.title}: you finished at {start.finished_at.isoformat()}; nothing more is accepted"
        )
    ends = student_deadline(session, assignment, user_id)
    if now > ends:
        raise PermissionDenied(f"{assignment.title}: your time ended at {ends.isoformat()}; nothing more is accepted")


def practice_of(
    session: Session, viewer: Viewer, problem: str, now: dt.datetime | None = None
) -> list[tuple[Assignment, Course]]:
    """The released assessments of the viewer's courses whose practice problem this is (tried before the clock)."""
    now = now or utcnow()
    rows = session.execute(
        select(Assignment, Course)
        .join(Course, Course.id == Assignment.course_id)
        .where(Assignment.course_id.in_(list(viewer.courses)), Assignment.assessment.is_not(None))
    ).all()
    return [
        (a, c)
        for a, c in rows
        if (a.assessment or {}).get("practice") == problem and released_to(viewer, a, now) and a.due_at >= now
    ]


def seed_of(session: Session, assignment: Assignment, user_id: str) -> int | None:
    if not (assignment.assessment or {}).get("variants"):
        return None
    return session.scalar(
        select(Invite.seed).where(Invite.assignment_id == assignment.id, Invite.user_id == user_id).limit(1)
    )


def _visible_without_assignment(
    session: Session, viewer: Viewer, problem: str, candidates: list, open_bank: bool, now: dt.datetime
) -> bool:
    if any(released_to(viewer, a, now) for a, _ in candidates):
        return True
    return bool(visible_problems(session, viewer, [problem], open_bank, now))  # the one rule of the bank


def submission_context(
    session: Session,
    viewer: Viewer,
    problem: str,
    assignment_ref: str | None,
    open_bank: bool,
    now: dt.datetime | None = None,
    examples_only: bool = False,
) -> SubmissionContext:
    """What a new submission counts for. `assignment_ref` is "course/assignment"; without it, the one released
    assignment of the viewer's courses that holds the problem, if there is exactly one, else the open bank.
    An assessment's practice problem is tried in its course, graded nowhere."""
    now = now or utcnow()
    practice = practice_of(session, viewer, problem, now)
    if practice and (assignment_ref is None or any(f"{c.slug}/{a.slug}" == assignment_ref for a, c in practice)):
        return SubmissionContext(practice[0][1].id, None)
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
            if not _visible_without_assignment(session, viewer, problem, candidates, open_bank, now):
                # The same words as for a problem that does not exist: a wrong assignment must not confirm it.
                raise NotFound(f"no problem named {problem!r}")
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
        if not visible_problems(session, viewer, [problem], open_bank, now):  # private, no bank, or a candidate
            raise NotFound(f"no problem named {problem!r}")
        return SubmissionContext()
    assignment, course = chosen[0]
    if viewer.may(Action.SEE_UNRELEASED, course.id):  # staff: never late
        return SubmissionContext(course.id, assignment.id)
    if not released_to(viewer, assignment, now):
        raise NotFound(f"no problem named {problem!r}")
    if assignment.assessment is not None:
        assessment_gate(session, assignment, viewer.id, now)
        if examples_only and not assignment.assessment.get("examples_runs", True):
            raise PermissionDenied(f"{assignment.title}: runs on the examples are not part of this assessment")
        return SubmissionContext(course.id, assignment.id, variant_seed=seed_of(session, assignment, viewer.id))
    start_window(session, assignment, viewer.id, now)  # running or submitting starts a timed window
    when = timing(
        LATE_POLICY.validate_python(assignment.late_policy), student_deadline(session, assignment, viewer.id), now
    )
    if not when.allowed:
        raise PermissionDenied(f"{course.slug}/{assignment.slug}: {when.reason}")
    return SubmissionContext(course.id, assignment.id, when.late, when.penalty_percent)


# --- the gradebook --------------------------------------------------------------------------------------------


def assignment_stats(session: Session, viewer: Viewer, slug: str, assignment_slug: str) -> list[ProblemStatsPublic]:
    """Per problem: attempts, students, the share accepted, the verdicts, and the median attempts to solve."""
    course = find_course(session, viewer, slug, Action.READ_STATISTICS, "read the statistics")
    spec = next((s for s in _specs(session, course) if s.slug == assignment_slug), None)
    if spec is None:
        raise NotFound(f"no assignment {assignment_slug!r} in {course.slug}")
    attempts = attempts_of(session, course, spec.id, with_groups=True)
    return [ProblemStatsPublic(**vars(s)) for s in grading.problem_stats(spec, attempts)]


def _specs(session: Session, course: Course) -> list[grading.AssignmentSpec]:
    assignments = session.scalars(
        select(Assignment).where(Assignment.course_id == course.id).order_by(Assignment.release_at, Assignment.slug)
    ).all()
    return [grading.AssignmentSpec(a.id, a.slug, tuple((p.problem, p.points) for p in a.problems)) for a in assignments]


def attempts_of(
    session: Session, course: Course, assignment_id: str | None = None, with_groups: bool = False
) -> list[grading.Attempt]:
    """The course's graded attempts (of one assignment, if named); with_groups, the hidden groups each failed,
    read from its stored result (for the statistics: the gradebook reads no result)."""
    columns = [
        Submission.user_id,
        Submission.assignment_id,
        Submission.problem,
        Submission.received_at,
        Submission.penalty_percent,
        SubmissionResultRow.score,
        SubmissionResultRow.verdict,
    ]
    query = (
        select(*columns, *([SubmissionResultRow.result] if with_groups else []))
        .outerjoin(SubmissionResultRow, SubmissionResultRow.submission_id == Submission.id)
        # Runs on the examples are never graded: not in the gradebook, the grades or the statistics.
        .where(
            Submission.course_id == course.id,
            Submission.assignment_id.is_not(None),
            Submission.examples_only.is_(False),
        )
    )
    if assignment_id is not None:
        query = query.where(Submission.assignment_id == assignment_id)
    return [
        grading.Attempt(
            r.user_id,
            r.assignment_id,
            r.problem,
            r.received_at,
            r.score,
            r.verdict,
            r.penalty_percent,
            _failed_hidden_groups(r.result) if with_groups else (),
        )
        for r in session.execute(query).all()
    ]


# A group that never ran (the source did not compile, the judge failed) says nothing about where students stick.
_NOT_A_FAILURE = (None, "accepted", "compile_error", "internal_error")


def _failed_hidden_groups(result: dict | None) -> tuple[str, ...]:
    groups = (result or {}).get("groups") or []
    return tuple(
        g["name"]
        for g in groups
        if isinstance(g, dict) and g.get("visibility") == "hidden" and g.get("verdict") not in _NOT_A_FAILURE
    )
