"""Submissions as people send and read them: received, checked and stored before they are queued; read back
as the reader may see them. What happens to them in a worker is judge.service.judging's.

Invariants:
- A submission is committed before it is enqueued, so a failed enqueue leaves a queued row that the sweeper
  (judge.service.judging.sweep) sends again.
- Who may submit to what, and who may read what, is judge.service.access's: nothing here decides it.
- Before a source is stored, the checks run in this order: the problem exists, the language and size, who may
  submit to it, the quota, then the parse check, so that a parse error never confirms a hidden problem.
- A run on the examples (examples_only) is a submission like any other until it is judged: the same checks,
  the same quotas, the same queue. It is judged on the public tests alone (judge.grading.examples_only), and
  nothing that grades reads it: the gradebook, the statistics and rejudges leave it out.
- What is read back is a read model (judge.service.schemas), with the result as the reader may see it
  (access.result_view); a listing never reads a source or a stored result beyond its verdict and score.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer, joinedload, selectinload

from judge.db.models import PastResult, Submission, SubmissionResultRow, User, utcnow
from judge.errors import CompileFailed, InvalidRequest, NotFound, PermissionDenied, SubmissionRejected
from judge.service import access, courses, webhooks
from judge.service.access import Viewer
from judge.service.schemas import (
    Phases,
    StoredResult,
    SubmissionCreate,
    SubmissionDetail,
    SubmissionPage,
    SubmissionSource,
    SubmissionSummary,
)
from judge.service.services import Enqueue, Services
from judge.verdicts import Status, SubmissionResult, TestResult, Verdict, Visibility

log = logging.getLogger(__name__)


# --- receiving -----------------------------------------------------------------------------------


def create_submission(
    session: Session, viewer: Viewer, services: Services, body: SubmissionCreate, enqueue: Enqueue
) -> SubmissionSummary:
    """Check what a candidate sent, store it, then queue it; raises SubmissionRejected (or ProblemNotFound).

    Within a course it is tied to its assignment ("course/assignment", or the one that holds the problem),
    with its lateness; after a hard deadline it is refused (judge.service.courses).
    """
    # Visibility first: until it is known that the viewer may see the problem, every refusal reads as for a
    # problem that does not exist (a wrong language must not confirm one in an unreleased assignment).
    problem = services.registry.get(body.problem)
    context = courses.submission_context(
        session, viewer, problem.slug, body.assignment, services.settings.open_bank, examples_only=body.examples_only
    )
    checked = services.judge.accept(problem, body.source, body.language, body.dialect)
    if body.examples_only and not any(t.visibility is Visibility.PUBLIC for t in problem.tests):
        raise SubmissionRejected(f"{problem.slug} has no public examples to run on: submit it instead")
    if body.callback_url is not None:
        webhooks.check_callback(body.callback_url, services.settings.webhook_allow_private)
    if services.quota is not None:
        services.quota.admit(session, viewer, context.course_id)
    # The parse check may take seconds of another process's CPU (judge.service.parse_check): no connection
    # is held meanwhile. Its diagnostic means no row, no queue, no sandbox: the sandbox would say the same.
    session.commit()
    diagnostic = (
        services.parse_check.check(problem, checked)
        if services.parse_check is not None
        else problem.kind.syntax_error(problem, checked)
    )
    if diagnostic is not None:
        raise CompileFailed(diagnostic)
    if services.quota is not None:
        services.quota.hold_pending(session, viewer, context.course_id)  # atomic with the insert below
    row = Submission(
        user_id=viewer.id,
        problem=problem.slug,
        problem_version=problem.version,
        language=checked.language,
        dialect=checked.dialect,
        source=checked.text,
        status=Status.QUEUED,
        received_at=utcnow(),
        course_id=context.course_id,
        assignment_id=context.assignment_id,
        late=context.late and not body.examples_only,  # a run is never graded: no penalty to show
        penalty_percent=0.0 if body.examples_only else context.penalty_percent,
        callback_url=body.callback_url,
        examples_only=body.examples_only,
        variant_seed=context.variant_seed,
    )
    session.add(row)
    session.commit()  # durable before it is enqueued
    send(session, row, enqueue)
    return summary(row, viewer.name, None)


def send(session: Session, row: Submission, enqueue: Enqueue) -> bool:
    """Enqueue a stored submission; a failure leaves it queued for the sweeper, and is only logged."""
    try:
        enqueue(row.id)
    except Exception:  # noqa: BLE001 - the sweeper enqueues it later; the candidate still gets an id
        log.exception("could not enqueue submission %s; the sweeper will", row.id)
        return False
    row.enqueued_at = utcnow()
    session.commit()
    return True


# --- reading -------------------------------------------------------------------------------------


def summary(row: Submission, user_name: str, result: SubmissionResultRow | None) -> SubmissionSummary:
    return SubmissionSummary(
        id=row.id,
        user=user_name,
        problem=row.problem,
        problem_version=row.problem_version,
        language=row.language,
        dialect=row.dialect,
        status=row.status,
        verdict=Verdict(result.verdict) if result else None,
        score=result.score if result else None,
        attempts=row.attempts,
        late=row.late,
        penalty_percent=row.penalty_percent,
        examples_only=row.examples_only,
        created_at=row.received_at,
        finished_at=row.finished_at,
        phases=Phases(
            received_at=row.received_at,
            enqueued_at=row.enqueued_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
        ),
    )


def detail(row: Submission, user_name: str, result: SubmissionResult | None) -> SubmissionDetail:
    """The envelope: the summary, and the result as its reader may see it (chosen by the caller through
    judge.service.access)."""
    return SubmissionDetail(**summary(row, user_name, row.result).model_dump(), result=result)


def _readable(session: Session, viewer: Viewer, submission_id: str) -> Submission:
    row = session.get(Submission, submission_id, options=[joinedload(Submission.user), joinedload(Submission.result)])
    if row is None:
        raise NotFound(f"no submission {submission_id}")
    access.require_read(viewer, row)
    return row


def get_detail(session: Session, viewer: Viewer, submission_id: str) -> SubmissionDetail:
    """A submission and, once finished, its result as the viewer may see it."""
    return _detail_as_seen(viewer, _readable(session, viewer, submission_id))


def _detail_as_seen(viewer: Viewer, row: Submission) -> SubmissionDetail:
    result = None
    if row.result is not None:
        result = access.result_view(viewer, row, SubmissionResult.model_validate(row.result.result))
    shown = detail(row, row.user.name, result)
    if access.withholds_hidden(viewer, row):
        shown = shown.model_copy(update={"verdict": None, "score": None})
    return shown


def follow(
    session: Session, viewer: Viewer, services: Services, submission_id: str, tests_from: int = 0
) -> tuple[SubmissionDetail, list[TestResult]]:
    """The submission now, and the tests of its run in progress from position `tests_from` on, each as the
    viewer may see it (what the event stream sends before the result)."""
    row = _readable(session, viewer, submission_id)
    detail_now = _detail_as_seen(viewer, row)
    if detail_now.status is not Status.RUNNING or services.progress is None:
        return detail_now, []
    seen = [
        access.live_test_view(viewer, row, test, number)
        for test, number in services.progress.read(submission_id, tests_from)
    ]
    return detail_now, [test for test in seen if test is not None]


def get_source(session: Session, viewer: Viewer, submission_id: str) -> SubmissionSource:
    row = _readable(session, viewer, submission_id)
    return SubmissionSource(
        id=row.id, problem=row.problem, language=row.language, dialect=row.dialect, source=row.source
    )


def result_history(session: Session, viewer: Viewer, submission_id: str) -> list[StoredResult]:
    """Every result the submission had, oldest first, the current one marked, each as the viewer may see it."""
    row = _readable(session, viewer, submission_id)
    past = session.scalars(
        select(PastResult).where(PastResult.submission_id == submission_id).order_by(PastResult.replaced_at)
    ).all()
    history = [(p.result, p.created_at, False) for p in past]
    if row.result is not None:
        history.append((row.result.result, row.result.created_at, True))
    return [
        StoredResult(
            current=current,
            stored_at=at,
            result=access.result_view(viewer, row, SubmissionResult.model_validate(stored)),
        )
        for stored, at, current in history
    ]


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


def list_submissions(
    session: Session,
    viewer: Viewer,
    services: Services,
    filters: SubmissionFilter = SubmissionFilter(),
    limit: int = 50,
    offset: int = 0,
) -> SubmissionPage:
    """A page of submissions the viewer may read, newest first, and how many match in all.

    A filter naming a user or a problem that does not exist is refused (NotFound), rather than answered with
    an empty page that looks like "no submissions".
    """
    query = select(Submission, User.name).join(User, Submission.user_id == User.id).where(access.readable(viewer))
    if filters.user_name is not None and filters.user_name != viewer.name:
        if not viewer.is_staff_somewhere:
            raise PermissionDenied("students can list only their own submissions")
        if session.scalar(select(User.id).where(User.name == filters.user_name)) is None:
            raise NotFound(f"no user named {filters.user_name!r}")
    if filters.user_name is not None:
        query = query.where(User.name == filters.user_name)
    if filters.course is not None:
        course = access.find_course(session, viewer, filters.course)
        query = query.where(Submission.course_id == course.id)
        if filters.assignment is not None:
            assignment = courses.assignment_seen(session, viewer, course, filters.assignment)
            query = query.where(Submission.assignment_id == assignment.id)
    elif filters.assignment is not None:
        raise InvalidRequest("the assignment filter needs the course filter too")
    if filters.problem is not None:
        services.registry.get(filters.problem)  # ProblemNotFound for a slug the bank does not have
        query = query.where(Submission.problem == filters.problem)
    if filters.status is not None:
        query = query.where(Submission.status == filters.status)
    if filters.verdict is not None:
        if not access.may_filter_by_verdict(viewer):
            raise InvalidRequest("candidates cannot filter by verdict")
        query = query.join(SubmissionResultRow).where(SubmissionResultRow.verdict == filters.verdict.value)
    if filters.since is not None:
        query = query.where(Submission.received_at >= filters.since)
    if filters.until is not None:
        query = query.where(Submission.received_at < filters.until)
    # A listing reads each submission's summary only: never its source, nor its stored result beyond the
    # verdict and score columns (a result can be a few hundred KiB; a page of them would be megabytes).
    summaries = (
        defer(Submission.source, raiseload=True),
        selectinload(Submission.result).load_only(
            SubmissionResultRow.verdict, SubmissionResultRow.score, raiseload=True
        ),
    )
    total = session.scalar(query.with_only_columns(func.count(Submission.id)).order_by(None))
    rows = session.execute(
        query.options(*summaries).order_by(Submission.received_at.desc()).limit(limit).offset(offset)
    ).all()
    items = []
    for row, name in rows:
        item = summary(row, name, row.result)
        if access.withholds_hidden(viewer, row):
            item = item.model_copy(update={"verdict": None, "score": None})
        items.append(item)
    return SubmissionPage(items=items, total=total or 0, limit=limit, offset=offset)
