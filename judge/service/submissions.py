"""The life of a submission: received, enqueued, running, finished; never lost.

- It is committed before it is enqueued, so a failed enqueue leaves a queued
  row that the sweeper re-enqueues.
- A worker claims it by moving it from queued to running in one UPDATE, so
  duplicate messages judge it once.
- While judging, the worker writes a heartbeat; the sweeper puts a running
  submission whose heartbeat stopped (a killed worker) back in the queue.
- Its result goes into a table keyed by the submission, in the same
  transaction that finishes it, so it is stored exactly once.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from sqlalchemy import or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, selectinload, sessionmaker

from judge.core import Judge
from judge.db.models import Course, PastResult, Role, Submission, SubmissionResultRow, User, aware, utcnow
from judge.errors import CompileFailed, InvalidRequest, JudgeError, NotFound, PermissionDenied
from judge.grading import internal_error_result
from judge.service import courses, webhooks
from judge.source import Source
from judge.problems.registry import Problems
from judge.settings import Settings

if TYPE_CHECKING:
    from judge.service.quotas import Quota
from judge.verdicts import Status, SubmissionResult, Verdict

log = logging.getLogger(__name__)
Enqueue = Callable[[str], None]


@dataclass(frozen=True)
class Services:
    """What the submission functions need, built once per process."""

    settings: Settings
    sessions: sessionmaker[Session]
    registry: Problems  # judge.service.bank.ProblemBank in a running service
    judge: Judge
    quota: "Quota | None" = None  # None: no quotas (tools and tests that build their own services)


# --- receiving -----------------------------------------------------------------------------------

def create_submission(services: Services, user: User, problem_slug: str, language: str | None,
                      dialect: str | None, source: str, enqueue: Enqueue, assignment: str | None = None,
                      callback_url: str | None = None) -> Submission:
    """Check what a candidate sent, store it, then queue it; raises SubmissionRejected (or ProblemNotFound).

    Within a course it is tied to its assignment ("course/assignment", or the one that holds the problem),
    with its lateness; after a hard deadline it is refused (judge.service.courses). The row is committed
    before the queue hears of it, so a failed enqueue loses nothing: the submission stays queued, and the
    sweeper sends it again.
    """
    problem = services.registry.get(problem_slug)
    checked = services.judge.accept(problem, source, language, dialect)
    if callback_url is not None:
        webhooks.check_callback(callback_url, services.settings.webhook_allow_private)
    with services.sessions() as session:
        # Who may submit, and to what, first: a parse error must not confirm that a hidden problem exists.
        context = courses.submission_context(session, user, problem.slug, assignment, services.settings.open_bank)
        if services.quota is not None:
            services.quota.admit(session, user, context.course_id)
        diagnostic = problem.kind.syntax_error(problem, checked)
        if diagnostic is not None:  # no row, no queue, no sandbox: the sandbox would say the same
            raise CompileFailed(diagnostic)
        row = Submission(user_id=user.id, problem=problem.slug, problem_version=problem.version,
                         language=checked.language, dialect=checked.dialect,
                         source=checked.text, status=Status.QUEUED, received_at=utcnow(),
                         course_id=context.course_id, assignment_id=context.assignment_id, late=context.late,
                         penalty_percent=context.penalty_percent, callback_url=callback_url)
        session.add(row)
        session.commit()  # durable before it is enqueued
        _enqueue(session, row, enqueue)
        return row


def _enqueue(session: Session, row: Submission, enqueue: Enqueue) -> bool:
    try:
        enqueue(row.id)
    except Exception:  # noqa: BLE001 - the sweeper enqueues it later; the candidate still gets an id
        log.exception("could not enqueue submission %s; the sweeper will", row.id)
        return False
    row.enqueued_at = utcnow()
    session.commit()
    return True


# --- judging -------------------------------------------------------------------------------------

def run_submission(services: Services, submission_id: str, worker: str) -> bool:
    """Judge one submission if it is still waiting; returns whether this call judged it.

    An infrastructure fault (SandboxUnavailable) releases the claim and propagates, for the caller to retry.
    """
    if not _claim(services, submission_id, worker):
        return False
    with services.sessions() as session:
        row = session.get(Submission, submission_id)
        slug, version, source = row.problem, row.problem_version, Source(row.source, row.language, row.dialect)
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(services, submission_id, stop), daemon=True)
    beat.start()
    try:
        try:
            # The version it was accepted against, whatever has been published since.
            problem = services.registry.at(slug, version) if version else services.registry.get(slug)
            result = services.judge.judge(problem, source, label=submission_id)
        except JudgeError as exc:
            if _is_infrastructure(exc):
                release(services, submission_id)
                raise
            result = _internal_error(services, slug, source, str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug of the judge: the same again on a retry, so reported now
            log.exception("judging submission %s failed unexpectedly", submission_id)
            result = _internal_error(services, slug, source, f"the judge failed: {type(exc).__name__}: {exc}")
    finally:
        stop.set()
        beat.join(timeout=5)
    return store_result(services, submission_id, result)


def _is_infrastructure(exc: Exception) -> bool:
    from judge.errors import SandboxUnavailable

    return isinstance(exc, SandboxUnavailable)


def _claim(services: Services, submission_id: str, worker: str) -> bool:
    now = utcnow()
    with services.sessions() as session:
        claimed = session.execute(
            update(Submission).where(Submission.id == submission_id, Submission.status == Status.QUEUED)
            .values(status=Status.RUNNING, started_at=now, heartbeat_at=now, worker=worker,
                    attempts=Submission.attempts + 1)
        ).rowcount
        session.commit()
    return claimed == 1


def _heartbeat(services: Services, submission_id: str, stop: threading.Event) -> None:
    while not stop.wait(services.settings.heartbeat_s):
        try:
            with services.sessions() as session:
                session.execute(update(Submission).where(Submission.id == submission_id,
                                                         Submission.status == Status.RUNNING)
                                .values(heartbeat_at=utcnow()))
                session.commit()
        except Exception:  # noqa: BLE001 - a missed beat only risks a duplicate judging, which is harmless
            log.warning("heartbeat of %s failed", submission_id, exc_info=True)


def release(services: Services, submission_id: str) -> None:
    """Give a claimed submission back to the queue, for a retry."""
    with services.sessions() as session:
        # enqueued_at now: the retry is already scheduled, so the sweeper need not send another.
        session.execute(update(Submission).where(Submission.id == submission_id, Submission.status == Status.RUNNING)
                        .values(status=Status.QUEUED, heartbeat_at=None, enqueued_at=utcnow()))
        session.commit()


def store_result(services: Services, submission_id: str, result: SubmissionResult) -> bool:
    """Finish the submission with this result, unless it already has one; only the candidate's view is stored."""
    shown = result.for_candidate()
    with services.sessions() as session:
        try:
            session.add(SubmissionResultRow(submission_id=submission_id, verdict=shown.verdict.value,
                                            score=shown.score, result=shown.model_dump(mode="json")))
            session.execute(update(Submission).where(Submission.id == submission_id)
                            .values(status=Status.FINISHED, finished_at=utcnow(), heartbeat_at=None))
            session.commit()
            return True
        except IntegrityError:
            session.rollback()
            return False


def replace_result(services: Services, submission_id: str, result: SubmissionResult) -> None:
    """Give a finished submission a new result (a rejudge); the one it had moves to past_results, kept."""
    shown = result.for_candidate()
    with services.sessions() as session:
        current = session.get(SubmissionResultRow, submission_id)
        if current is None:
            raise NotFound(f"submission {submission_id} has no result to replace")
        session.add(PastResult(submission_id=submission_id, verdict=current.verdict, score=current.score,
                               result=current.result, created_at=current.created_at))
        current.verdict, current.score = shown.verdict.value, shown.score
        current.result, current.created_at = shown.model_dump(mode="json"), utcnow()
        if shown.problem_version is not None:  # judged against another version this time
            session.get(Submission, submission_id).problem_version = shown.problem_version
        session.commit()


def result_history(services: Services, user: User, submission_id: str) -> list[tuple[SubmissionResult, dt.datetime, bool]]:
    """Every result the submission had, oldest first, as (result, stored at, whether it is the current one),
    with hidden tests' names for staff only."""
    submission = get_submission(services, user, submission_id)  # NotFound, PermissionDenied
    names = sees_test_names(services, user, submission)
    with services.sessions() as session:
        past = session.scalars(select(PastResult).where(PastResult.submission_id == submission_id)
                               .order_by(PastResult.replaced_at)).all()
        current = session.get(SubmissionResultRow, submission_id)
        history = [(row.result, row.created_at, False) for row in past]
        if current is not None:
            history.append((current.result, current.created_at, True))
    results = [(SubmissionResult.model_validate(result), at, now) for result, at, now in history]
    return [(result if names else result.without_hidden_names(), at, now) for result, at, now in results]


def webhook_targets(services: Services, submission_id: str) -> list[str]:
    """Where a finished submission is sent: "submission" (its own callback_url), "course" (its course's webhook)."""
    with services.sessions() as session:
        row = session.execute(select(Submission.callback_url, Course.webhook_url)
                              .outerjoin(Course, Course.id == Submission.course_id)
                              .where(Submission.id == submission_id)).first()
    if row is None:
        return []
    return [target for target, url in (("submission", row[0]), ("course", row[1])) if url is not None]


def webhook_delivery(services: Services, submission_id: str, target: str = "submission") -> tuple[str, str, dict] | None:
    """(URL, secret, body) to send a finished submission to `target` (see webhook_targets); None if it has none.

    A submission's own callback is signed with its owner's secret, a course's webhook with the course's."""
    with services.sessions() as session:
        row = session.get(Submission, submission_id)
        if row is None or row.result is None:
            return None
        user = session.get(User, row.user_id)
        if target == "course":
            course = session.get(Course, row.course_id) if row.course_id else None
            if course is None or course.webhook_url is None:
                return None
            if course.webhook_secret is None:
                course.webhook_secret = webhooks.new_secret()
            url, secret = course.webhook_url, course.webhook_secret
        else:
            if row.callback_url is None:
                return None
            if user.webhook_secret is None:
                user.webhook_secret = webhooks.new_secret()
            url, secret = row.callback_url, user.webhook_secret
        session.commit()
        finished = row.finished_at.isoformat() if row.finished_at else None
        result = SubmissionResult.model_validate(row.result.result)
        if target != "course":  # the author's own callback: the author's view; a course's goes to its staff
            result = result.without_hidden_names()
        body = {"id": row.id, "user": user.name, "problem": row.problem, "problem_version": row.problem_version,
                "verdict": row.result.verdict, "score": row.result.score, "finished_at": finished,
                "result": result.model_dump(mode="json")}
        return url, secret, body


def fail_submission(services: Services, submission_id: str, message: str) -> bool:
    """Give up after repeated infrastructure faults: the judge's fault, stored as internal_error."""
    with services.sessions() as session:
        row = session.get(Submission, submission_id)
        if row is None or row.status == Status.FINISHED:
            return False
        slug, source = row.problem, Source(row.source, row.language, row.dialect)
    return store_result(services, submission_id, _internal_error(services, slug, source, message))


def _internal_error(services: Services, slug: str, source: Source, message: str) -> SubmissionResult:
    try:
        return internal_error_result(services.registry.get(slug), source, message)
    except JudgeError:  # the problem is gone: a result without tests
        return SubmissionResult(problem=slug, language=source.language, dialect=source.dialect,
                                verdict=Verdict.INTERNAL_ERROR, score=0.0, tests=(), groups=(), message=message)


# --- recovering ----------------------------------------------------------------------------------

def sweep(services: Services, enqueue: Enqueue, reap_job: Callable[[str], None] = lambda _: None,
          now: dt.datetime | None = None) -> list[str]:
    """Re-enqueue what was lost: queued too long, or running without a heartbeat. Returns the ids."""
    now = now or utcnow()
    settings = services.settings
    stale = now - dt.timedelta(seconds=settings.stale_after_s)
    waiting = now - dt.timedelta(seconds=settings.requeue_after_s)
    requeued = []
    with services.sessions() as session:
        dead = session.scalars(select(Submission).where(Submission.status == Status.RUNNING,
                                                        Submission.heartbeat_at < stale)).all()
        given_up = []
        for row in dead:
            reap_job(row.id)  # the dead attempt's container, wherever its worker ran
            if row.attempts >= settings.max_attempts:
                # Its workers keep dying on it: whatever the cause, judging it again would only kill another.
                log.error("submission %s lost its worker %d times; giving up", row.id, row.attempts)
                given_up.append(row.id)
                continue
            log.warning("submission %s lost its worker %s; judging it again", row.id, row.worker)
            row.status, row.heartbeat_at = Status.QUEUED, None
        session.commit()
        dead = [row for row in dead if row.id not in given_up]
        lost = session.scalars(select(Submission).where(
            Submission.status == Status.QUEUED,
            or_(Submission.enqueued_at < waiting,
                Submission.enqueued_at.is_(None) & (Submission.received_at < waiting))
            | Submission.id.in_([row.id for row in dead]))).all()
        for row in lost:
            if _enqueue(session, row, enqueue):
                requeued.append(row.id)
    for submission_id in given_up:
        fail_submission(services, submission_id, f"judging was interrupted {settings.max_attempts} times (its "
                                                 "worker died each time); not retried again")
    return requeued


# --- reading -------------------------------------------------------------------------------------

def get_submission(services: Services, user: User, submission_id: str) -> Submission:
    with services.sessions() as session:
        row = session.get(Submission, submission_id)
        if row is None:
            raise NotFound(f"no submission {submission_id}")
        if not can_read(user, row, courses.staff_course_ids(session, user)):
            raise PermissionDenied("this submission belongs to someone else")
        row.result  # loaded while the session is open
        return row


def can_read(user: User, row: Submission, staff_of: set[str]) -> bool:
    """Its author, admins, the staff of its course, and instructors for submissions made in no course."""
    return (user.role == Role.ADMIN or row.user_id == user.id or row.course_id in staff_of
            or (row.course_id is None and user.role == Role.INSTRUCTOR))


def sees_test_names(services: Services, user: User, row: Submission) -> bool:
    """Whether the reader sees hidden tests' names: the submission's staff (as can_read has them), not its
    author as such, whose view shows hidden tests by group and number."""
    if user.role == Role.ADMIN:
        return True
    if row.course_id is None:
        return user.role == Role.INSTRUCTOR
    with services.sessions() as session:
        return row.course_id in courses.staff_course_ids(session, user)


def visible_to(user: User, staff_of: set[str]):
    """can_read as a condition of a query (staff_of: the ids of the courses the user is staff of)."""
    if user.role == Role.ADMIN:
        return true()
    seen = or_(Submission.user_id == user.id, Submission.course_id.in_(staff_of))
    return or_(seen, Submission.course_id.is_(None)) if user.role == Role.INSTRUCTOR else seen


@dataclass(frozen=True)
class SubmissionFilter:
    """What a listing is narrowed to; every field is optional."""

    user_name: str | None = None
    problem: str | None = None
    course: str | None = None  # a course's slug
    assignment: str | None = None  # an assignment's slug, within `course`
    verdict: Verdict | None = None
    status: Status | None = None
    since: dt.datetime | None = None  # received at or after
    until: dt.datetime | None = None  # received before


def list_submissions(services: Services, user: User, filters: SubmissionFilter = SubmissionFilter(),
                     limit: int = 50, offset: int = 0) -> tuple[list[Submission], int]:
    """A page of submissions, newest first, and how many match in all: students see their own only.

    A filter naming a user or a problem that does not exist is refused (NotFound), rather than answered with
    an empty page that looks like "no submissions".
    """
    from sqlalchemy import func

    with services.sessions() as session:
        staff_of = courses.staff_course_ids(session, user)
        query = select(Submission).where(visible_to(user, staff_of))
        if filters.user_name is not None and filters.user_name != user.name:
            if user.role == Role.STUDENT and not staff_of:
                raise PermissionDenied("students can list only their own submissions")
            if session.scalar(select(User.id).where(User.name == filters.user_name)) is None:
                raise NotFound(f"no user named {filters.user_name!r}")
        if filters.user_name is not None:
            query = query.join(User, Submission.user_id == User.id).where(User.name == filters.user_name)
        if filters.course is not None:
            course = courses.course_as(session, user, filters.course)
            query = query.where(Submission.course_id == course.id)
            if filters.assignment is not None:
                assignment = next((a for a in courses.assignments_of(session, user, course)
                                   if a.slug == filters.assignment), None)
                if assignment is None:
                    raise NotFound(f"no assignment {filters.assignment!r} in {course.slug}")
                query = query.where(Submission.assignment_id == assignment.id)
        elif filters.assignment is not None:
            raise InvalidRequest("the assignment filter needs the course filter too")
    if filters.problem is not None:
        services.registry.get(filters.problem)  # ProblemNotFound for a slug the bank does not have
        query = query.where(Submission.problem == filters.problem)
    if filters.status is not None:
        query = query.where(Submission.status == filters.status)
    if filters.verdict is not None:
        query = query.join(SubmissionResultRow).where(SubmissionResultRow.verdict == filters.verdict.value)
    if filters.since is not None:
        query = query.where(Submission.received_at >= filters.since)
    if filters.until is not None:
        query = query.where(Submission.received_at < filters.until)
    # A listing reads each submission's summary only: never its source, nor its stored result beyond the
    # verdict and score columns (a result can be a few hundred KiB; a page of them would be megabytes).
    summaries = (defer(Submission.source, raiseload=True),
                 selectinload(Submission.result).load_only(SubmissionResultRow.verdict, SubmissionResultRow.score,
                                                           raiseload=True))
    with services.sessions() as session:
        total = session.scalar(query.with_only_columns(func.count(Submission.id)))
        rows = session.scalars(query.options(*summaries).order_by(Submission.received_at.desc())
                               .limit(limit).offset(offset)).all()
        return list(rows), total


def oldest_age_by_phase(services: Services, now: dt.datetime | None = None) -> dict[str, float | None]:
    """Seconds since the oldest submission entered its current phase: the operational signal."""
    from sqlalchemy import func

    now = now or utcnow()
    ages = {}
    with services.sessions() as session:
        for status, column in ((Status.QUEUED, Submission.received_at), (Status.RUNNING, Submission.started_at)):
            oldest = session.scalar(select(func.min(column)).where(Submission.status == status))
            oldest = aware(oldest)
            ages[status.value] = None if oldest is None else round((now - oldest).total_seconds(), 3)
    return ages
