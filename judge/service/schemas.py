"""The service's models: the bodies it takes and the read models it returns, to every adapter (the JSON API,
the pages, the CLI through the API, webhooks). Field names here are a contract with clients."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from judge.db.roles import Role
from judge.db.roles import MemberRole
from judge.format.spec import Limits
from judge.service.logins import NAME_PATTERN, email_fault  # one rule for logins and emails
from judge.service.webhooks import SIGNATURE_HEADER
from judge.source import text_fault
from judge.verdicts import CompileDiagnostic, Status, SubmissionResult, Verdict


class Request(BaseModel):
    # Unknown fields are errors, so that a misspelt "dialetc" is not silently ignored.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value, info):
        # A NUL or a lone surrogate cannot be stored (PostgreSQL refuses the first, UTF-8 the second): 422 here.
        if isinstance(value, str) and (fault := text_fault(value, info.field_name)):
            raise ValueError(fault)
        return value


# --- submissions -----------------------------------------------------------------------------


class SubmissionCreate(Request):
    problem: str = Field(min_length=1, max_length=100, description="the problem's slug")
    language: str | None = Field(None, max_length=20, description="sql or python; the problem's own by default")
    dialect: str | None = Field(None, max_length=20, description="the SQL dialect; the problem's first by default")
    source: str = Field(description="the solution's source code")
    callback_url: str | None = Field(
        None,
        max_length=2000,
        description="gets the result once stored, signed (docs/operations.md)",
        examples=["https://ci.example.org/judge-hook"],
    )
    assignment: str | None = Field(
        None,
        max_length=201,
        description="course/assignment it is for; by default the one of your courses that holds the problem",
        examples=["ds-bootcamp-2026/week-1"],
    )
    examples_only: bool = Field(
        False,
        description="a run on the public examples before submitting: judged on them alone, counted by the "
        "quotas, never graded",
    )


class Phases(BaseModel):
    received_at: dt.datetime
    enqueued_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class SubmissionSummary(BaseModel):
    id: str
    user: str
    problem: str
    problem_version: str | None = Field(None, description="the version of the problem it is judged against")
    language: str
    dialect: str | None
    status: Status
    verdict: Verdict | None = Field(None, description="set once the submission is finished")
    score: float | None = Field(None, description="0 to 100, set once the submission is finished")
    attempts: int = Field(description="how many times a worker started judging it")
    late: bool = Field(False, description="made after its deadline, within the late policy")
    penalty_percent: float = Field(0.0, description="taken off its score in the gradebook")
    examples_only: bool = Field(False, description="a run on the public examples: never graded")
    created_at: dt.datetime
    finished_at: dt.datetime | None
    phases: Phases


class SubmissionDetail(SubmissionSummary):
    """The summary and, once finished, its result as the reader may see it: one envelope for GET, the event
    stream and webhooks."""

    result: SubmissionResult | None = Field(
        None, description="set once finished: per test (feedback for public tests only), groups, compile_error, message"
    )


class SubmissionSource(BaseModel):
    id: str
    problem: str
    language: str
    dialect: str | None
    source: str = Field(description="exactly as it was submitted")


class StoredResult(BaseModel):
    """One result a submission had: the current one, or one a rejudge replaced."""

    current: bool
    stored_at: dt.datetime
    result: SubmissionResult


class SubmissionPage(BaseModel):
    items: list[SubmissionSummary]
    total: int
    limit: int
    offset: int


# --- problems --------------------------------------------------------------------------------


class ProblemSummary(BaseModel):
    slug: str
    version: str = Field(description="the content hash of the published version, which new submissions get")
    title: str
    kind: str
    difficulty: str
    tags: list[str]
    languages: list[str]
    dialects: list[str]


class ProblemDetail(ProblemSummary):
    limits: Limits
    statement: str = Field(description="Markdown, as the author wrote it")
    statement_rendered: str = Field(
        description="Markdown: the statement, then the tables, the public examples "
        "and the limits, generated from the problem's own files"
    )
    starter: str | None
    examples: list[dict[str, Any]] = Field(
        description="the public tests only: for Python kinds args, kwargs (and expected for python-function); "
        "for SQL the tables, as {table: {columns, types, rows}}"
    )


class ProblemIssue(BaseModel):
    file: str
    field: str
    message: str


class ProblemSyncOutcome(BaseModel):
    slug: str
    outcome: Literal["new", "updated", "unchanged", "refused", "absent", "pending"] = Field(
        description="refused: the directory does not load, or its reference fails (its issues), and the version "
        "published before stays; absent: published, but its directory is gone (it stays published); pending: "
        "stored, and published once a worker has derived its reference outputs (see its versions)"
    )
    version: str | None = Field(description="the version published now")
    previous: str | None = Field(None, description="the version published before")
    issues: list[ProblemIssue] = Field(default_factory=list)
    pending: str | None = Field(None, description="the version whose reference outputs are being derived")


class ProblemSyncReport(BaseModel):
    problems: list[ProblemSyncOutcome]


class ProblemVersionPublic(BaseModel):
    version: str
    published: bool = Field(description="the version new submissions get")
    state: Literal["published", "pending", "refused", "stored"] = Field(
        description="pending: its reference outputs are being derived; refused: its reference fails (`refused` "
        "says how); stored: published before, or never asked to be"
    )
    refused: str | None = Field(None, description="why its reference outputs could not be derived")
    size: int = Field(description="of its archive, in bytes")
    created_by: str
    created_at: dt.datetime


# --- users -----------------------------------------------------------------------------------


class UserCreate(Request):
    name: str = Field(min_length=1, max_length=100, pattern=NAME_PATTERN)
    role: Role = Role.STUDENT


class UserCreated(BaseModel):
    name: str
    role: Role
    token: str = Field(description="shown this once; only its hash is stored")


# --- health ----------------------------------------------------------------------------------


class WorkerHealth(BaseModel):
    name: str = Field(description="host:pid of the worker process")
    state: Literal["idle", "judging", "stuck"] = Field(
        description="stuck: judging one submission for longer than JUDGE_WORKER_STUCK_AFTER_S"
    )
    submission: str | None
    busy_s: float | None
    beat_age_s: float = Field(description="seconds since its last heartbeat")


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    api: Literal["ok"] = "ok"
    database: str
    broker: str
    workers: int | str = Field(description="worker processes whose heartbeat is live and that are not stuck")
    worker_states: list[WorkerHealth] = Field(default_factory=list, description="each worker, from its own heartbeat")
    oldest_age_s: dict[str, float | None] | None


class ErrorBody(BaseModel):
    detail: str = Field(description="what was wrong, for a person")
    errors: list[dict[str, Any]] | None = Field(None, description="for validation errors: each field's fault")
    compile_error: CompileDiagnostic | None = Field(None, description="for a source that does not parse: where")


# --- courses ---------------------------------------------------------------------------------------------


class CourseCreate(Request):
    slug: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_-]*$", examples=["ds-bootcamp-2026"])
    title: str = Field(min_length=1, max_length=200, examples=["Data science bootcamp, spring 2026"])
    grade_by: Literal["best", "last"] = Field("best", description="a problem's grade: the best or the last attempt")


class CoursePublic(BaseModel):
    slug: str
    title: str
    grade_by: str
    your_role: MemberRole | None = Field(None, description="the caller's role in the course (none for admins)")


class MemberCreate(Request):
    name: str = Field(min_length=1, max_length=100, pattern=NAME_PATTERN, examples=["ada"])
    email: str | None = Field(None, max_length=200, examples=["ada@example.com"])
    role: MemberRole = MemberRole.STUDENT
    display_name: str | None = Field(None, max_length=200, description="any text, as given", examples=["Lovelace, Ada"])

    @field_validator("email")
    @classmethod
    def _an_address(cls, email: str | None) -> str | None:
        fault = email_fault(email) if email else None
        if fault:
            raise ValueError(fault)
        return email


class MemberPublic(BaseModel):
    name: str
    email: str | None
    display_name: str | None = None
    role: MemberRole
    active: bool
    extra_minutes: int | None = Field(None, description="extra time in every timed window of the course")
    extra_percent: float | None = Field(None, description="extra time, as a share of each timed window")


class AccommodationSet(Request):
    extra_minutes: int | None = Field(None, ge=0, le=10080, examples=[30])
    extra_percent: float | None = Field(None, ge=0, le=400, examples=[50.0])


class MemberAdded(MemberPublic):
    token: str | None = Field(None, description="for a user created by this call: their token, shown this once")


class MemberUpdate(Request):
    active: bool = Field(description="false: the member loses access to the course; their work stays", examples=[False])


class AssignmentPublic(BaseModel):
    slug: str
    title: str
    release_at: dt.datetime
    due_at: dt.datetime
    late_policy: dict[str, Any]
    window_minutes: int | None
    private: bool = Field(False, description="its problems are hidden from the open bank while it holds them")
    withdrawn_at: dt.datetime | None = Field(None, description="withdrawn: hidden from students, out of the gradebook")
    problems: list[dict[str, Any]] = Field(description="[{problem, points}], in order")
    assessment: dict[str, Any] | None = Field(
        None, description="a hiring assessment's options (judge.courses.course_file.AssessmentOptions)"
    )
    your_deadline: dt.datetime | None = Field(
        None, description="for a student: their own deadline (extension, timed window)"
    )


class AssignmentOverview(BaseModel):
    """An assignment on a course's home page: for a student, when their window started and how long it is."""

    assignment: AssignmentPublic
    started_at: dt.datetime | None = None
    window_minutes: float | None = Field(None, description="the student's own: with their extra time")


class CourseOverview(BaseModel):
    course: CoursePublic
    staff: bool = Field(description="the viewer reads its gradebook")
    own_grades: bool = Field(description="the viewer is a student of it, with grades of their own")
    instructor: bool = Field(False, description="the viewer edits its assignments")
    assignments: list[AssignmentOverview]


class ExtensionPublic(BaseModel):
    student: str
    due_at: dt.datetime


class WindowPublic(BaseModel):
    student: str
    started_at: dt.datetime | None = Field(description="None: not started (never opened, read or submitted to)")
    ends_at: dt.datetime | None
    minutes_used: float | None
    window_minutes: float | None = Field(description="theirs: the assignment's, with their extra time")


class GradeOverrideSet(Request):
    grade: float = Field(ge=0, le=100, description="the problem's grade, 0 to 100, in place of the computed one")
    reason: str = Field(min_length=1, max_length=2000, examples=["regraded by hand: the checker missed a tie"])


class WaiverSet(Request):
    reason: str = Field(min_length=1, max_length=2000, examples=["medical note"])


class ExtensionSet(Request):
    due_at: dt.datetime = Field(
        description="this student's deadline for the assignment", examples=["2027-01-14T09:00:00Z"]
    )


class GradedProblemPublic(BaseModel):
    problem: str
    points: float
    attempts: int
    grade: float = Field(description="0 to 100, the late penalty applied (or the override)")
    earned: float
    penalty_percent: float = Field(0.0, description="the late penalty of the attempt that counts")
    waived: bool = Field(False, description="staff waived the assignment's late penalty")
    override: str | None = Field(None, description="staff set this grade by hand, for this reason")


class GradedAssignmentPublic(BaseModel):
    slug: str
    points: float
    earned: float
    problems: list[GradedProblemPublic]


class GradebookRow(BaseModel):
    student: str
    email: str | None
    total: float
    assignments: list[GradedAssignmentPublic]


class ProblemStatsPublic(BaseModel):
    problem: str
    attempts: int
    students: int
    accepted_share: float = Field(description="of finished attempts")
    verdicts: dict[str, int]
    median_attempts_to_solve: float | None
    failing_hidden_groups: dict[str, int] = Field(
        default_factory=dict, description="per hidden group, the finished attempts that failed it, most first"
    )


class PasswordSet(Request):
    password: str = Field(min_length=10, max_length=200, examples=["correct horse battery staple"])
    current_password: str | None = Field(
        None, max_length=200, description="to change one's own password, when it has one", examples=[None]
    )


class UserPublic(BaseModel):
    name: str
    role: Role
    active: bool


class UserUpdate(Request):
    active: bool = Field(description="false: every token of the user stops working at once", examples=[False])


# --- tokens ------------------------------------------------------------------------------------------------


class TokenCreate(Request):
    name: str = Field(min_length=1, max_length=100, examples=["laptop"])
    expires_at: dt.datetime | None = Field(
        None, description="refused from then on; never, when unset", examples=["2027-06-30T00:00:00Z"]
    )


class TokenPublic(BaseModel):
    id: str
    user: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime | None


class TokenCreated(TokenPublic):
    token: str = Field(description="shown this once; only its hash is stored")


# --- webhooks ------------------------------------------------------------------------------------------------


class WebhookSecret(BaseModel):
    secret: str = Field(description=f"HMAC-SHA256 key: {SIGNATURE_HEADER} is 'sha256=' + hex(HMAC(key, body))")
    header: str = SIGNATURE_HEADER


# --- rejudges ------------------------------------------------------------------------------------------------


class RejudgeCreate(Request):
    """What to judge again: one submission, a problem's submissions, or a course's (or one assignment's)."""

    submission: str | None = Field(None, max_length=32)
    problem: str | None = Field(None, max_length=100, examples=["third-unique-song"])
    course: str | None = Field(None, max_length=100)
    assignment: str | None = Field(None, max_length=100, description="with course")
    against: Literal["published", "same"] = Field(
        "published",
        description="published: each problem's version published now (after a sync fixed its "
        "tests); same: the version each submission was judged with (the judge changed)",
    )


class Outcome(BaseModel):
    verdict: str
    score: float
    problem_version: str | None = None


class RejudgeChange(BaseModel):
    submission: str
    user: str = Field(description="whose submission it is")
    problem: str
    before: Outcome
    after: Outcome


class RejudgeReport(BaseModel):
    id: str
    scope: dict[str, str]
    state: Literal["open", "applied", "discarded"]
    submissions: int
    judged: int = Field(description="how many are judged again so far")
    changed: list[RejudgeChange] = Field(description="every submission whose verdict or score changed, so far")


# --- audit ---------------------------------------------------------------------------------------------------


class AuditEntryPublic(BaseModel):
    at: dt.datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any]


# --- invites (hiring) ------------------------------------------------------------------------------------


class CandidateInvite(Request):
    name: str = Field(
        min_length=1, max_length=200, description="the candidate's name, as given", examples=["Ada Lovelace"]
    )
    email: str = Field(max_length=200, examples=["ada@example.com"])

    @field_validator("name")
    @classmethod
    def _one_line(cls, name: str) -> str:
        if any(c in name for c in "\r\n"):  # it goes into a mail's To: one line, or a header could be forged
            raise ValueError("a name is one line")
        return name

    @field_validator("email")
    @classmethod
    def _an_address(cls, email: str) -> str:
        fault = email_fault(email)
        if fault:
            raise ValueError(fault)
        return email


class InvitesCreate(Request):
    candidates: list[CandidateInvite] = Field(
        min_length=1, max_length=500, examples=[[{"name": "Ada Lovelace", "email": "ada@example.com"}]]
    )
    days: float | None = Field(
        None, gt=0, le=90, description="how long each link opens the assessment; unset: the deployment's"
    )
    send: bool = Field(
        True, description="mail each link through the configured SMTP server (it is in the answer either way)"
    )


InviteState = Literal["open", "used", "revoked", "expired"]


class InvitePublic(BaseModel):
    id: str
    candidate: str = Field(description="the login the invite made: it names no one")
    name: str | None
    email: str | None
    assessment: str = Field(description="course/assignment")
    state: InviteState
    expires_at: dt.datetime
    used_at: dt.datetime | None = None
    mailed_at: dt.datetime | None = None
    created_at: dt.datetime


class InviteSent(InvitePublic):
    link: str = Field(description="the candidate's personal link, shown this once: send it, or let the judge mail it")
    mailed: bool = Field(description="the SMTP server took the mail")
    mail_error: str | None = Field(None, description="why it was not mailed")


class InviteExpiry(Request):
    expires_at: dt.datetime = Field(
        description="the link opens the assessment until then", examples=["2027-01-14T09:00:00Z"]
    )


# --- assessments: the candidate's side -------------------------------------------------------------------


class AssessmentStart(Request):
    share_extra_time: bool = Field(
        False,
        description="reviewers may see that the candidate had extra time (otherwise it is theirs alone)",
        examples=[False],
    )


class Clock(BaseModel):
    """A candidate's time in an assessment, as the server keeps it: it runs through a lost connection."""

    started_at: dt.datetime | None = Field(description="when they pressed Start (None: not yet)")
    ends_at: dt.datetime | None = Field(description="when nothing more is accepted: their time, or the closing date")
    finished_at: dt.datetime | None = None
    finished_by: Literal["candidate", "clock"] | None = None
    minutes: float = Field(description="their time, with extra time")
    running: bool


class AssessmentProblem(BaseModel):
    problem: str
    title: str
    points: float
    drafted_at: dt.datetime | None = Field(None, description="their last saved draft")
    submissions: int = 0


class AssessmentState(BaseModel):
    """An assessment as its candidate sees it: rules, practice problem, their clock and, once started, problems."""

    course: str
    assessment: str
    title: str
    closes_at: dt.datetime
    options: dict[str, Any]
    practice: str | None
    clock: Clock
    problems: list[AssessmentProblem] = Field(description="empty until the clock starts")


class DraftSave(Request):
    assignment: str = Field(max_length=201, description="course/assessment", examples=["hiring-2027/screen"])
    problem: str = Field(max_length=100, examples=["third-unique-song"])
    source: str = Field(max_length=512 * 1024, examples=["SELECT user_id FROM song_plays"])
    dialect: str | None = Field(None, max_length=20)
    pasted_chars: int = Field(0, ge=0, le=10_000_000, description="characters pasted since the last save")


class DraftSaved(BaseModel):
    saved_at: dt.datetime
    ends_at: dt.datetime | None


# --- assessments: what reviewers get ---------------------------------------------------------------------

Rating = Literal["strong_no", "no", "yes", "strong_yes"]


class DraftPublic(BaseModel):
    saved_at: dt.datetime
    pasted_chars: int
    source: str


class ReportSubmission(BaseModel):
    id: str
    received_at: dt.datetime
    verdict: Verdict | None
    score: float | None
    examples_only: bool
    from_draft: bool = Field(description="submitted for them from their last draft when the clock ended")
    source: str
    result: SubmissionResult | None = Field(description="as staff read it: hidden tests by name, with metrics")


class ReportProblem(BaseModel):
    problem: str
    points: float
    grade: float = Field(description="0 to 100, the gradebook's")
    earned: float
    groups: list[dict[str, Any]] = Field(description="the counted submission's groups: name, score, verdict")
    minutes: float | None = Field(description="from their first draft or submission to their last submission")
    submissions: list[ReportSubmission]
    replay: list[DraftPublic] = Field(description="their saved drafts over time, oldest first; pastes marked")


class ScorecardSave(Request):
    ratings: dict[str, Rating] = Field(
        default_factory=dict, description="rubric key -> rating", examples=[{"product-sense": "yes"}]
    )
    overall: Rating | None = None
    notes: str = Field("", max_length=20_000)
    submit: bool = Field(False, description="submit it: it can no longer change, and (blind) the name shows")


class ScorecardPublic(BaseModel):
    reviewer: str
    ratings: dict[str, Rating]
    overall: Rating | None
    notes: str
    submitted_at: dt.datetime | None


class CandidateReport(BaseModel):
    candidate: str = Field(description="their login: it names no one")
    name: str | None = Field(description="None while blind review hides it from this reviewer")
    email: str | None
    clock: Clock
    extra_time: dict[str, Any] | None = Field(description="only if the candidate agreed that reviewers see it")
    total: float
    points: float
    problems: list[ReportProblem]
    rubric: list[dict[str, str]]
    my_scorecard: ScorecardPublic | None
    scorecards: list[ScorecardPublic] = Field(description="others', once this reviewer has submitted theirs")


class ComparisonRow(BaseModel):
    candidate: str
    name: str | None
    state: Literal["invited", "started", "finished"]
    started_at: dt.datetime | None
    minutes_used: float | None
    total: float
    problems: dict[str, float] = Field(description="problem -> points earned")
    overall: list[Rating] = Field(description="the submitted scorecards' overall ratings this reviewer may read")


class Comparison(BaseModel):
    assessment: str
    problems: list[dict[str, Any]]
    rows: list[ComparisonRow]


# --- applicant tracking systems (Greenhouse's assessment partner API) ------------------------------------


class PartnerKeyCreate(Request):
    name: str = Field(min_length=1, max_length=100, examples=["greenhouse"])
    webhook_url: str | None = Field(
        None,
        max_length=2000,
        description="hears of each candidate who finished, signed with the key's secret",
        examples=["https://ats.example.com/hooks/judge"],
    )


class PartnerKeyPublic(BaseModel):
    id: str
    name: str
    webhook_url: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None


class PartnerKeyMade(PartnerKeyPublic):
    key: str = Field(description="the HTTP Basic user name the system calls with; shown this once")
    webhook_secret: str = Field(description=f"the key of the HMAC-SHA256 in {SIGNATURE_HEADER} of its webhooks")


class PartnerTest(BaseModel):
    partner_test_id: str = Field(description="course/assessment")
    partner_test_name: str


class PartnerCandidate(Request):
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    email: str = Field(max_length=200)


class PartnerSendTest(Request):
    model_config = ConfigDict(extra="ignore")  # the system sends more than this (resume_url, phone_number...)

    partner_test_id: str = Field(max_length=201, examples=["hiring-2027/screen"])
    candidate: PartnerCandidate


class PartnerSent(BaseModel):
    partner_interview_id: str
    link: str = Field(description="the candidate's personal link (also mailed when an SMTP server is configured)")


class PartnerStatus(BaseModel):
    partner_interview_id: str
    partner_status: Literal["sent", "in_progress", "complete", "expired", "revoked"]
    partner_score: float | None = Field(description="0 to 100, once complete and judged")
    partner_profile_url: str = Field(description="the candidate's report, for the hiring team")
    metadata: dict[str, Any] = Field(default_factory=dict)


# --- similarity (judge.service.similarity) ---------------------------------------------------------------


class SimilarPair(BaseModel):
    a: str = Field(description="the login of one author (a login names no one in a blind assessment)")
    b: str
    a_submission: str
    b_submission: str
    score: float = Field(description="0-1: structure weighted 0.8, surface style 0.2")
    structure: float = Field(description="the share of the smaller one's normalised fingerprints found in the other")
    style: float = Field(
        description="shared surface features (names, comments, literals, layout), rarest counting most"
    )
    percentile: float = Field(description="0-100: the share of this problem's pairs in the report scoring no higher")
    flagged: bool = Field(description="score at or above the report's threshold: worth a reviewer's look")
    shared_fragments: int
    rare_style: list[str] = Field(description="the shared surface features, rarest first")
    same_wrong_tests: list[str] = Field(
        description="the tests, hidden ones included, that both failed with the very same output"
    )


class ReferenceMatch(BaseModel):
    author: str
    submission: str
    structure: float = Field(description="how much of the submission's structure is the reference solution's")
    reference: str = Field(description="which of the problem's accepted solutions it matches")


class ProblemSimilarity(BaseModel):
    problem: str
    language: str
    compared: int = Field(description="submissions compared: each author's latest judged one")
    not_comparable: list[str] = Field(
        description="authors whose submission is too small once the starter and common code are left out"
    )
    pending: int = Field(description="judged submissions whose fingerprint is not made yet: reload later")
    truncated: bool = Field(description="more authors than the report compares: the latest ones are")
    median: float | None = Field(description="the median pair score of this problem")
    pairs: list[SimilarPair] = Field(description="ranked by score, highest first (at most the report's limit)")
    clusters: list[list[str]] = Field(description="groups of three or more authors linked by flagged pairs")
    reference_matches: list[ReferenceMatch]


class SimilarityReport(BaseModel):
    course: str
    assignment: str
    advisory: str = Field(description="what the report is and is not: it changes no verdict, score or grade")
    threshold: float
    problems: list[ProblemSimilarity]


class PairSide(BaseModel):
    author: str
    submission: str
    language: str
    dialect: str | None
    source: str
    normalised: str = Field(description="what was compared: the normalised SQL, or the Python source itself")
    lines: list[int] = Field(description="the lines of `normalised` in fragments the other side shares")


class SimilarityPairDetail(BaseModel):
    course: str
    assignment: str
    problem: str
    advisory: str
    pair: SimilarPair
    left: PairSide
    right: PairSide
