"""The tables. A submission's result lives in its own table, keyed by the submission,
so that it can be written at most once whatever the number of workers that judged it; a result it had
before (a rejudge replaced it) moves to past_results, so that every result a submission ever had is kept.

Courses: a course has members, each with a role in it, and assignments of problems with points, a release,
a deadline and a late policy; a student's extension moves the deadline for them, and a timed assignment
gives each student a window from the moment they open it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, Boolean, Enum, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false, true

from judge.db.roles import MemberRole, Role
from judge.db.types import UTCDateTime
from judge.verdicts import Status


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    email: Mapped[str | None] = mapped_column(String(200))
    display_name: Mapped[str | None] = mapped_column(String(200))  # any text, as given ("O'Brien, Siobhán")
    # Set when a retention setting anonymised the account: name and email gone, the scores kept.
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The key of the HMAC that signs their webhooks (judge.service.webhooks); made when first needed.
    webhook_secret: Mapped[str | None] = mapped_column(String(64))
    # argon2 (pwdlib), for signing in to the web pages; None: no password, tokens only.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # A deactivated user's tokens stop working at once; their submissions stay.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")
    # Read with the token on every request (judge.service.users.authenticate): the viewer's courses.
    memberships: Mapped[list[Membership]] = relationship(viewonly=True)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex; the token itself is never stored
    # A name its owner knows it by; JUDGE_ADMIN_TOKEN's is that, so that a new value retires only the old one.
    name: Mapped[str] = mapped_column(String(100), default="default", server_default="default")
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # refused from then on
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[User] = relationship(back_populates="tokens")


class WebSession(Base):
    """A signed-in browser: its cookie holds only the session's id, stored here as a hash, so that signing out
    or deactivating the account ends it at once."""

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie's value
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship()


class Invite(Base):
    """A personal link to one assessment (an assignment of a hiring course) for one candidate. The link holds a
    random token, stored here as a hash; opening it once makes the candidate's browser session, and it opens
    nothing after that, nor once revoked or past expires_at. Resending replaces the token."""

    __tablename__ = "invites"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    assignment_id: Mapped[str] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the link's token
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    mailed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # the last mail the SMTP server took
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Fixes the candidate's variant of each problem that offers seeded variants (judge.problems.variants).
    seed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # An applicant tracking system's own id of this invite (PartnerKey), to answer its status calls.
    partner_key_id: Mapped[str | None] = mapped_column(ForeignKey("partner_keys.id", ondelete="SET NULL"))
    user: Mapped[User] = relationship()


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    problem: Mapped[str] = mapped_column(String(100), index=True)
    # The version published when it was accepted, which it is judged against (None: from before versions).
    problem_version: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(20))
    dialect: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(Text)
    status: Mapped[Status] = mapped_column(Enum(Status, native_enum=False, length=20), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Judgings that ended in the judge's own internal_error: retried, a bounded number of times, before one is final.
    judge_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    worker: Mapped[str | None] = mapped_column(String(200))
    # The phases, for the candidate and for operations: the signal is the age of the oldest in each.
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    enqueued_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Within a course, the assignment it was made for, and whether it came after the deadline, with what penalty.
    course_id: Mapped[str | None] = mapped_column(ForeignKey("courses.id"), index=True)
    assignment_id: Mapped[str | None] = mapped_column(ForeignKey("assignments.id"), index=True)
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    callback_url: Mapped[str | None] = mapped_column(String(2000))  # gets the result once it is stored
    penalty_percent: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    # A run on the examples: judged on the public tests alone, counted by the quotas, never graded or rejudged.
    examples_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The seed of its hidden data's variant (judge.problems.variants), from the candidate's invite; None: none.
    variant_seed: Mapped[int | None] = mapped_column(Integer)
    # Submitted for its author from their last draft when their assessment's clock ended.
    from_draft: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    user: Mapped[User] = relationship()
    assignment: Mapped[Assignment | None] = relationship()
    result: Mapped[SubmissionResultRow | None] = relationship(back_populates="submission", uselist=False)


class SubmissionResultRow(Base):
    __tablename__ = "submission_results"

    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True)
    verdict: Mapped[str] = mapped_column(String(40))
    score: Mapped[float] = mapped_column(Float)
    # Copies of the result's verdict and score, for indexes and filters; the result is the source of truth.
    result: Mapped[dict] = mapped_column(JSON)  # SubmissionResult.for_candidate(): never hidden details
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    submission: Mapped[Submission] = relationship(back_populates="result")


class SubmissionFingerprint(Base):
    """A submission's similarity fingerprint (judge.similarity), made by the worker once it is judged, so that a
    report compares stored fingerprints instead of parsing every source again. Staff only: `outcomes` holds a
    digest of what each test that did not pass got, hidden tests included, and is never shown, only compared
    (the same wrong output on the same hidden test, judge.service.similarity)."""

    __tablename__ = "submission_fingerprints"

    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)  # judge.similarity.fingerprint.VERSION: another is made again
    data: Mapped[dict] = mapped_column(JSON)  # Fingerprint.stored()
    outcomes: Mapped[dict] = mapped_column(JSON, default=dict)  # test name -> digest, for tests not passed
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PastResult(Base):
    """A result a submission had before it was judged again; the current one is in submission_results."""

    __tablename__ = "past_results"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    verdict: Mapped[str] = mapped_column(String(40))
    score: Mapped[float] = mapped_column(Float)
    result: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    replaced_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Course(Base):
    __tablename__ = "courses"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    grade_by: Mapped[str] = mapped_column(String(10), default="best")  # a problem's grade: its best or last attempt
    # judge.courses.course_file.CourseSettings: quotas in place of the deployment's (None: the deployment's),
    # and a webhook for every finished submission of the course, signed with the course's own secret.
    submissions_per_minute: Mapped[int | None] = mapped_column(Integer)
    max_pending_submissions: Mapped[int | None] = mapped_column(Integer)
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    webhook_secret: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("course_id", "user_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(Enum(MemberRole, native_enum=False, length=20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Extra time in a timed window (accommodations): minutes, and a share of the window, both added.
    extra_minutes: Mapped[int | None] = mapped_column(Integer)
    extra_percent: Mapped[float | None] = mapped_column(Float)
    user: Mapped[User] = relationship()


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    release_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    late_policy: Mapped[dict] = mapped_column(JSON)  # judge.courses.policy.LatePolicy
    window_minutes: Mapped[int | None] = mapped_column(Integer)  # a timed assessment: minutes from first opening
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Withdrawn: hidden from students and out of the gradebook, every submission kept; restoring undoes it.
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Its problems are the course's alone while it holds them: hidden from the open bank (so is a timed one's).
    private: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A hiring assessment's options (judge.courses.course_file.AssessmentOptions); None: a course's assignment.
    assessment: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))  # SQL NULL, so is_(None) finds it
    problems: Mapped[list[AssignmentProblem]] = relationship(
        order_by="AssignmentProblem.position", cascade="all, delete-orphan"
    )


class GradeAdjustment(Base):
    """A correction staff made to a student's grade, with its reason: an override of one problem's grade
    (kind "override", problem named), or a waiver of the late penalty of a whole assignment (kind "waiver",
    problem "*"). The gradebook applies it every time it is computed; the audit log keeps who did what."""

    __tablename__ = "grade_adjustments"
    __table_args__ = (UniqueConstraint("assignment_id", "user_id", "problem", "kind"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    assignment_id: Mapped[str] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    problem: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    grade: Mapped[float | None] = mapped_column(Float)  # an override's grade, 0..100
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AssignmentProblem(Base):
    __tablename__ = "assignment_problems"
    __table_args__ = (UniqueConstraint("assignment_id", "problem"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    assignment_id: Mapped[str] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    problem: Mapped[str] = mapped_column(String(100), index=True)
    points: Mapped[float] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer)


class Extension(Base):
    """A later deadline for one student of one assignment."""

    __tablename__ = "extensions"
    __table_args__ = (UniqueConstraint("assignment_id", "user_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    assignment_id: Mapped[str] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AssignmentStart(Base):
    """When a student first opened a timed assignment (a candidate: pressed Start): their window runs from here.
    A candidate's ends once, by their Finish or by the clock (finished_by), and nothing is accepted after."""

    __tablename__ = "assignment_starts"

    assignment_id: Mapped[str] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_by: Mapped[str | None] = mapped_column(String(20))  # "candidate" or "clock"
    # The candidate agreed that reviewers see their extra time (accommodations); otherwise it is theirs alone.
    share_extra_time: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # When the applicant tracking system that invited them heard that they finished (PartnerKey.webhook_url).
    partner_notified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Draft(Base):
    """A candidate's code as the editor saved it, over time: the last one is submitted for them when the clock
    ends, and the series is the replay reviewers read (pasted_chars: how much of it came from a paste)."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    assignment_id: Mapped[str] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    problem: Mapped[str] = mapped_column(String(100))
    dialect: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(Text)
    pasted_chars: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Scorecard(Base):
    """One reviewer's ratings of one candidate of an assessment, against its rubric: private to the reviewer
    until submitted; in a blind assessment the candidate's name is hidden from them until then."""

    __tablename__ = "scorecards"
    __table_args__ = (UniqueConstraint("assignment_id", "candidate_id", "reviewer_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    assignment_id: Mapped[str] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    ratings: Mapped[dict] = mapped_column(JSON, default=dict)  # rubric key -> judge.service.schemas.Rating
    overall: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PartnerKey(Base):
    """An applicant tracking system's credentials for one hiring course (judge.service.partner), in the shape
    of Greenhouse's assessment partner API; and where that system hears of candidates who finished."""

    __tablename__ = "partner_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex; the key itself is never stored
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    webhook_secret: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Rejudge(Base):
    """Submissions judged again, usually after a problem's tests changed: a report to apply or discard."""

    __tablename__ = "rejudges"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    scope: Mapped[dict] = mapped_column(JSON)  # what was asked for: {"problem"}, {"submission"}, {"course", ...}
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(20), default="open")  # open, applied, discarded
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    items: Mapped[list[RejudgeItem]] = relationship(order_by="RejudgeItem.position", cascade="all, delete-orphan")


class RejudgeItem(Base):
    """One submission of a rejudge: its result when the rejudge began, and the one judging it again gave."""

    __tablename__ = "rejudge_items"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    rejudge_id: Mapped[str] = mapped_column(ForeignKey("rejudges.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    old_verdict: Mapped[str] = mapped_column(String(40))
    old_score: Mapped[float] = mapped_column(Float)
    problem_version: Mapped[str | None] = mapped_column(String(64))  # what it is judged against this time
    new_verdict: Mapped[str | None] = mapped_column(String(40))
    new_score: Mapped[float | None] = mapped_column(Float)
    new_result: Mapped[dict | None] = mapped_column(JSON)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ProblemVersion(Base):
    """One version of a problem directory, as a deterministic archive; never changed once stored."""

    __tablename__ = "problem_versions"

    version: Mapped[str] = mapped_column(String(64), primary_key=True)  # judge.format.content.tree_hash
    slug: Mapped[str] = mapped_column(String(100), index=True)
    archive: Mapped[bytes] = mapped_column(LargeBinary)  # judge.problems.versions.pack
    size: Mapped[int] = mapped_column(Integer)  # of the archive, in bytes
    created_by: Mapped[str] = mapped_column(String(100))  # a user's name, or "startup"
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The reference's output for every test, where the tests do not give them (Kind.needs_reference_outputs):
    # derived once, when the version is published, by the runner named here; a worker never derives them.
    reference_outputs: Mapped[list | None] = mapped_column(JSON)
    reference_runner: Mapped[str | None] = mapped_column(String(64))
    refused: Mapped[str | None] = mapped_column(Text)  # why it was never published (its reference fails)
    # When a sync last asked for it: of two versions whose outputs are derived at once, the later asked wins.
    requested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class PublishedProblem(Base):
    """The version of each problem that new submissions get: the bank, as the service offers it."""

    __tablename__ = "published_problems"

    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    version: Mapped[str] = mapped_column(ForeignKey("problem_versions.version"))
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Base):
    """A staff action, for admins to read later: who did what to what, and when."""

    __tablename__ = "audit_log"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))  # a user's name, kept even if the user goes
    action: Mapped[str] = mapped_column(String(50), index=True)  # e.g. "user.create", "rejudge.apply"
    target: Mapped[str] = mapped_column(String(300))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
