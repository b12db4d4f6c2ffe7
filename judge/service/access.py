"""Who may do what: the one access policy of the service, consulted by every route and every query.

A request is made by a `Viewer`, built once from its token: the account's role in the deployment (admin,
instructor, student) and its role in each course it is an active member of (instructor, TA, student).

The rules are two tables, read by `Viewer.may`:
- `DEPLOYMENT`: what each deployment role may do outside any course;
- `COURSE`: what each course role may do within its course.
An admin may do everything, everywhere. Nothing else grants a permission: a service function that decides
who may do something asks `Viewer.may` or `Viewer.require`, never a role itself (tests/judge/service/
test_access.py checks the service and route modules for that).

Submissions are read by a rule stated once as terms over their columns (`_read_terms`), from which both the
Python check (`can_read`) and the SQL filter (`readable`) are made, so that the two cannot disagree; staff
of a submission see its hidden tests' names (`result_view`), its author their group and number only.

A course exists only for its members: to anyone else it is NotFound, so that its name is not confirmed.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from judge.db.models import Assignment, AssignmentProblem, Course, Invite, Membership, Submission, User, utcnow
from judge.db.roles import MemberRole, Role
from judge.errors import NotFound, PermissionDenied
from judge.verdicts import SubmissionResult, TestResult, Visibility


class Action(str, enum.Enum):
    # --- the deployment ---
    CREATE_STUDENT = "user.create.student"  # a global account of role student
    CREATE_ANY_USER = "user.create.any"  # a global account of any role
    SET_ACCOUNT_ACTIVE = "user.activate"  # (de)activate any account
    MANAGE_ANY_TOKEN = "token.any"  # list and revoke other users' tokens
    READ_AUDIT = "audit.read"
    CREATE_COURSE = "course.create"
    PUBLISH_PROBLEMS = "problems.sync"
    READ_PROBLEM_VERSIONS = "problems.versions"
    SEE_WHOLE_BANK = "problems.all"  # every published problem, assigned or not, released or not
    READ_OPEN_SUBMISSIONS = "submissions.open"  # anyone's submissions made in no course (and rejudge them)
    # --- a course ---
    READ_COURSE = "course.read"
    READ_SETTINGS = "course.settings.read"
    EDIT_SETTINGS = "course.settings.edit"
    READ_WEBHOOK_SECRET = "course.webhook_secret"
    LIST_MEMBERS = "course.members.list"
    ADD_STUDENT = "course.members.add_student"
    ADD_STAFF = "course.members.add_staff"  # instructors and TAs
    CREATE_MEMBER_ACCOUNT = "course.members.create_account"  # add someone who has no account yet: make one
    SET_MEMBER_ACTIVE = "course.members.activate"
    REMOVE_MEMBER = "course.members.remove"
    SEE_UNRELEASED = "course.assignments.unreleased"  # and submit to them
    EDIT_ASSIGNMENT = "course.assignments.edit"
    SET_EXTENSION = "course.extensions.set"
    READ_GRADEBOOK = "course.gradebook"
    ADJUST_GRADES = "course.grades.adjust"  # overrides and late-penalty waivers, with a reason
    READ_OWN_GRADES = "course.grades.own"
    LIST_EXTENSIONS = "course.extensions.list"
    READ_WINDOWS = "course.windows"  # when each student started a timed assignment, and their time used
    SET_ACCOMMODATION = "course.members.accommodation"  # extra time in timed windows
    RESET_STUDENT_TOKEN = "course.members.reset_token"  # a student's lost token, replaced
    READ_STATISTICS = "course.statistics"
    READ_COURSE_SUBMISSIONS = "course.submissions"  # every member's, with hidden tests' names (and rejudge them)
    LIST_INVITES = "course.invites.list"  # the candidates invited to an assessment, and their links' states
    SEND_INVITES = "course.invites.send"  # invite candidates (making their accounts); resend, revoke, extend
    REVIEW_CANDIDATES = "course.reviews"  # an assessment's reports, comparison and one's own scorecards
    MANAGE_PARTNERS = "course.partners"  # applicant tracking systems' keys to the hiring course
    READ_SIMILARITY = "course.similarity"  # the similarity report of an assignment or assessment


_STAFF = frozenset({MemberRole.INSTRUCTOR, MemberRole.TA})
_INSTRUCTORS = frozenset({MemberRole.INSTRUCTOR})
_MEMBERS = frozenset(MemberRole)

# What each deployment role may do outside courses; admins are not listed: they may do everything.
DEPLOYMENT: Mapping[Action, frozenset[Role]] = {
    # Accounts are the deployment's: only admins create them outside a course (round two, finding 9).
    Action.CREATE_STUDENT: frozenset(),
    Action.CREATE_ANY_USER: frozenset(),
    Action.SET_ACCOUNT_ACTIVE: frozenset(),
    Action.MANAGE_ANY_TOKEN: frozenset(),
    Action.READ_AUDIT: frozenset(),
    Action.CREATE_COURSE: frozenset({Role.INSTRUCTOR}),
    Action.PUBLISH_PROBLEMS: frozenset(),
    Action.READ_PROBLEM_VERSIONS: frozenset({Role.INSTRUCTOR}),
    Action.SEE_WHOLE_BANK: frozenset({Role.INSTRUCTOR}),
    Action.READ_OPEN_SUBMISSIONS: frozenset({Role.INSTRUCTOR}),
}

# What each course role may do within its course; admins may do it in every course.
COURSE: Mapping[Action, frozenset[MemberRole]] = {
    Action.READ_COURSE: _MEMBERS,
    Action.READ_SETTINGS: _STAFF,
    Action.EDIT_SETTINGS: _INSTRUCTORS,
    Action.READ_WEBHOOK_SECRET: _INSTRUCTORS,
    Action.LIST_MEMBERS: _STAFF,
    Action.ADD_STUDENT: _STAFF,
    Action.ADD_STAFF: _INSTRUCTORS,
    Action.CREATE_MEMBER_ACCOUNT: _INSTRUCTORS,
    Action.SET_MEMBER_ACTIVE: _STAFF,
    Action.REMOVE_MEMBER: _INSTRUCTORS,
    Action.SEE_UNRELEASED: _STAFF,
    Action.EDIT_ASSIGNMENT: _INSTRUCTORS,
    Action.SET_EXTENSION: _INSTRUCTORS,
    Action.READ_GRADEBOOK: _STAFF,
    Action.ADJUST_GRADES: _INSTRUCTORS,
    Action.READ_OWN_GRADES: frozenset({MemberRole.STUDENT}),
    Action.LIST_EXTENSIONS: _STAFF,
    Action.READ_WINDOWS: _STAFF,
    Action.SET_ACCOMMODATION: _INSTRUCTORS,
    Action.RESET_STUDENT_TOKEN: _INSTRUCTORS,
    Action.READ_STATISTICS: _STAFF,
    Action.READ_COURSE_SUBMISSIONS: _STAFF,
    Action.LIST_INVITES: _STAFF,
    Action.SEND_INVITES: _INSTRUCTORS,
    Action.REVIEW_CANDIDATES: _STAFF,
    Action.MANAGE_PARTNERS: _INSTRUCTORS,
    Action.READ_SIMILARITY: _STAFF,
}

# A candidate is a student of the hiring course who reads no grade: the score is the hiring team's.
_NOT_FOR_CANDIDATES = frozenset({Action.READ_OWN_GRADES})

# What a refusal says, after "only ...".
_WHO = {
    frozenset(): "admins",
    _STAFF: "the course's instructors and TAs",
    _INSTRUCTORS: "the course's instructors",
    frozenset({Role.INSTRUCTOR}): "admins and instructors",
}


@dataclass(frozen=True)
class Viewer:
    """Who is asking, built once per request: their account and their active courses' roles, by course id."""

    id: str
    name: str
    role: Role
    courses: Mapping[str, MemberRole] = field(default_factory=dict)
    # A candidate's: the assignments their invites open, the only ones they see (released_to).
    invited: frozenset[str] = frozenset()

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def role_in(self, course_id: str) -> MemberRole | None:
        """The viewer's role in the course, to show it (decide with `may`)."""
        return self.courses.get(course_id)

    def may(self, action: Action, course_id: str | None = None) -> bool:
        """Whether the viewer may do this: in the course `course_id` for a course action."""
        if self.is_admin:
            return True
        if action in DEPLOYMENT:
            return self.role in DEPLOYMENT[action]
        if self.role is Role.CANDIDATE and action in _NOT_FOR_CANDIDATES:
            return False
        return course_id is not None and self.courses.get(course_id) in COURSE[action]

    def require(self, action: Action, course_id: str | None = None, doing: str = "do this") -> None:
        if not self.may(action, course_id):
            allowed = DEPLOYMENT.get(action, COURSE.get(action, frozenset()))
            raise PermissionDenied(f"only {_WHO.get(allowed, 'admins')} may {doing}")

    def courses_where(self, action: Action) -> set[str]:
        """The ids of the viewer's courses where it may do this course action (every course: for admins, ask
        `may` instead, since they are members of none)."""
        return {course_id for course_id, role in self.courses.items() if role in COURSE[action]}

    @property
    def is_staff_somewhere(self) -> bool:
        return self.is_admin or self.role is Role.INSTRUCTOR or bool(self.courses_where(Action.READ_COURSE_SUBMISSIONS))


def viewer_for(session: Session, user: User) -> Viewer:
    if "memberships" in user.__dict__:  # loaded with the user (judge.service.users.authenticate)
        rows = [(m.course_id, m.role) for m in user.memberships if m.active]
    else:
        rows = [
            (course_id, role)
            for course_id, role in session.execute(
                select(Membership.course_id, Membership.role).where(Membership.user_id == user.id, Membership.active)
            ).all()
        ]
    invited: frozenset[str] = frozenset()
    if user.role is Role.CANDIDATE:
        invited = frozenset(
            session.scalars(select(Invite.assignment_id).where(Invite.user_id == user.id, Invite.revoked_at.is_(None)))
        )
    return Viewer(
        id=user.id,
        name=user.name,
        role=user.role,
        courses={course_id: role for course_id, role in rows},
        invited=invited,
    )


# --- accounts --------------------------------------------------------------------------------------------


def may_make_tokens(viewer: Viewer) -> bool:
    """A candidate's invite session is their only key, and it opens one assessment: no token of their own."""
    return viewer.role is not Role.CANDIDATE


def sees_candidate_names(viewer: Viewer, course_id: str, blind: bool) -> bool:
    """Who reads candidates' names on an assessment's invites: anyone who lists them, unless it is blind; then
    only those who invite (they typed the names): its reviewers read names in reports, once they scored."""
    return not blind or viewer.may(Action.SEND_INVITES, course_id)


def may_erase(viewer: Viewer, role: Role, invited_to: Iterable[str]) -> bool:
    """Who erases an account of this role: admins anyone's but an admin's; the instructors of a course the
    candidates they invited to it (`invited_to`: the courses of the account's invites)."""
    if viewer.is_admin:
        return role is not Role.ADMIN
    return role is Role.CANDIDATE and any(viewer.may(Action.SEND_INVITES, course) for course in invited_to)


# --- courses ---------------------------------------------------------------------------------------------


def find_course(
    session: Session, viewer: Viewer, slug: str, action: Action = Action.READ_COURSE, doing: str = "do this"
) -> Course:
    """The course, if the viewer belongs to it (NotFound otherwise, so that its name is not confirmed) and may
    do `action` in it (PermissionDenied otherwise)."""
    course = session.scalar(select(Course).where(Course.slug == slug))
    if course is None or not viewer.may(Action.READ_COURSE, course.id):
        raise NotFound(f"no course {slug!r}")
    viewer.require(action, course.id, doing)
    return course


def released_to(viewer: Viewer, assignment: Assignment, now: dt.datetime | None = None) -> bool:
    """Whether the viewer sees this assignment (and its problems): from its release on until it is withdrawn,
    or always for staff."""
    if viewer.may(Action.SEE_UNRELEASED, assignment.course_id):
        return True
    if viewer.role is Role.CANDIDATE and assignment.id not in viewer.invited:
        return False  # a candidate sees the assessments they were invited to, and no other assignment
    return assignment.withdrawn_at is None and assignment.release_at <= (now or utcnow())


# --- problems --------------------------------------------------------------------------------------------


def visible_problems(
    session: Session, viewer: Viewer, slugs: Iterable[str], open_bank: bool, now: dt.datetime | None = None
) -> list[str]:
    """Which of these problems the viewer may see and submit to: the whole bank for the deployment's staff;
    else those of their courses' released assignments, and (with open_bank) those not kept private
    (private_problems)."""
    slugs = list(slugs)
    if viewer.may(Action.SEE_WHOLE_BANK):
        return slugs
    now = now or utcnow()
    private = private_problems(session, slugs)
    seen = _released_in_courses(session, viewer, slugs, now) if viewer.courses else set()
    open_bank = open_bank and viewer.role is not Role.CANDIDATE  # a candidate's account is for their assessment
    return [slug for slug in slugs if slug in seen or (open_bank and slug not in private)]


def _released_in_courses(session: Session, viewer: Viewer, slugs: list[str], now: dt.datetime) -> set[str]:
    """Which of these problems the viewer's courses have released to them: in an assignment, or as an
    assessment's practice problem (tried before its clock starts). A viewer of no course is never asked."""
    seen = set()
    for problem, assignment in session.execute(
        select(AssignmentProblem.problem, Assignment)
        .join(Assignment, AssignmentProblem.assignment_id == Assignment.id)
        .where(Assignment.course_id.in_(list(viewer.courses)), AssignmentProblem.problem.in_(slugs))
    ).all():
        if released_to(viewer, assignment, now):
            seen.add(problem)
    for assignment in session.scalars(
        select(Assignment).where(Assignment.course_id.in_(list(viewer.courses)), Assignment.assessment.is_not(None))
    ):
        practice = (assignment.assessment or {}).get("practice")
        if practice in slugs and released_to(viewer, assignment, now):
            seen.add(practice)
    return seen


def private_problems(session: Session, slugs: Iterable[str]) -> set[str]:
    """The deployment's one rule of problem visibility: a problem of the open bank is offered to everyone, and
    is taken out of it only while an assignment that says so holds it (one that is private, or timed: its
    statement is given inside a window only), withdrawn assignments aside. Putting a problem into some course's
    ordinary assignment hides it from nobody."""
    return set(
        session.scalars(
            select(AssignmentProblem.problem)
            .join(Assignment, AssignmentProblem.assignment_id == Assignment.id)
            .where(
                AssignmentProblem.problem.in_(list(slugs)),
                Assignment.withdrawn_at.is_(None),
                or_(Assignment.private.is_(True), Assignment.window_minutes.is_not(None)),
            )
        )
    )


# --- submissions -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    """A submission column whose value is one of `values` (None among them: the column is NULL)."""

    column: str
    values: frozenset[Any]

    def holds(self, row: Any) -> bool:
        return getattr(row, self.column) in self.values

    def clause(self) -> ColumnElement[bool]:
        column = getattr(Submission, self.column)
        known = [v for v in self.values if v is not None]
        parts = [column.in_(known)] if known else []
        if None in self.values:
            parts.append(column.is_(None))
        return or_(*parts) if parts else false()


_EVERYTHING = None  # the terms of an admin: every submission


def _read_terms(viewer: Viewer, as_staff: bool) -> list[_Term] | None:
    """Which submissions the viewer reads (as_staff: those it is staff of, which shows hidden tests' names):
    its own; its courses' where it may read them; those in no course for the deployment's instructors."""
    if viewer.is_admin:
        return _EVERYTHING
    terms = [] if as_staff else [_Term("user_id", frozenset({viewer.id}))]
    terms.append(_Term("course_id", frozenset(viewer.courses_where(Action.READ_COURSE_SUBMISSIONS))))
    if viewer.may(Action.READ_OPEN_SUBMISSIONS):
        terms.append(_Term("course_id", frozenset({None})))
    return terms


def can_read(viewer: Viewer, row: Any) -> bool:
    """Whether the viewer may read this submission (anything with user_id and course_id)."""
    terms = _read_terms(viewer, as_staff=False)
    return terms is _EVERYTHING or any(term.holds(row) for term in terms)


def may_change_member(viewer: Viewer, course_id: str, role: MemberRole) -> bool:
    """Whether the viewer may add, change or deactivate a member who is (or is to be) of this role: a student
    by anyone who adds students, a member of staff only by an instructor (round two, finding 9: a TA demoted
    and locked out the instructors)."""
    action = Action.ADD_STUDENT if role is MemberRole.STUDENT else Action.ADD_STAFF
    return viewer.may(action, course_id)


def is_staff_of(viewer: Viewer, row: Any) -> bool:
    """Whether the viewer is staff of this submission: it sees hidden tests' names, and may rejudge it."""
    terms = _read_terms(viewer, as_staff=True)
    return terms is _EVERYTHING or any(term.holds(row) for term in terms)


def readable(viewer: Viewer, as_staff: bool = False) -> ColumnElement[bool]:
    """can_read (or is_staff_of) as a condition of a query over submissions."""
    terms = _read_terms(viewer, as_staff)
    return true() if terms is _EVERYTHING else or_(*(term.clause() for term in terms))


def require_read(viewer: Viewer, row: Any) -> None:
    if not can_read(viewer, row):
        raise PermissionDenied("this submission belongs to someone else")


def candidate_view(result: SubmissionResult) -> SubmissionResult:
    """What a submission's author reads: hidden tests by group and number only, with coarse figures."""
    return result.without_hidden_names()


def staff_view(result: SubmissionResult) -> SubmissionResult:
    """What a submission's staff read: hidden tests by name (still without their feedback: never stored)."""
    return result


def withholds_hidden(viewer: Viewer, row: Any) -> bool:
    """Whether the reader of this submission is its author in a hiring assessment that shows candidates nothing
    of its hidden tests (hidden_feedback: none): no verdict of theirs, no score, no number of them."""
    if is_staff_of(viewer, row):
        return False
    assignment = getattr(row, "assignment", None)
    return assignment is not None and (assignment.assessment or {}).get("hidden_feedback") == "none"


def author_view(row: Any, result: SubmissionResult) -> SubmissionResult:
    """What the submission's author reads, wherever it goes to them without a viewer (their callback_url)."""
    assignment = getattr(row, "assignment", None)
    if assignment is not None and (assignment.assessment or {}).get("hidden_feedback") == "none":
        return result.public_only()
    return candidate_view(result)


def may_filter_by_verdict(viewer: Viewer) -> bool:
    """A candidate's assessment may withhold verdicts (withholds_hidden): a filter by verdict would tell them."""
    return viewer.role is not Role.CANDIDATE


def result_view(viewer: Viewer, row: Any, result: SubmissionResult) -> SubmissionResult:
    """The only choice of what of a stored result a reader sees."""
    if is_staff_of(viewer, row):
        return staff_view(result)
    if withholds_hidden(viewer, row):
        return result.public_only()
    return candidate_view(result)


def live_test_view(viewer: Viewer, row: Any, test: TestResult, number: int) -> TestResult | None:
    """One test of a run in progress, as result_view would show it once stored: `number` is its place in its
    group, which names a hidden test for its author; None: not shown at all (withholds_hidden)."""
    if is_staff_of(viewer, row) or test.visibility is not Visibility.HIDDEN:
        return test
    if withholds_hidden(viewer, row):
        return None
    return test.coarse().model_copy(update={"name": f"{test.group} #{number}", "metrics": {}})
