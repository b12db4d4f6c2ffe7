"""Rejudging: judge finished submissions again (a problem's tests were fixed), and report what changed.

Invariants:
- A rejudge never touches a submission's result by itself: each new result waits in its item until staff
  apply the whole report, which then replaces the changed ones (the old result is kept in past_results),
  or discard it.
- Its items go to their own queue (judge.service.queue.REJUDGE_QUEUE), which workers read only when the live
  queue is empty: submissions sent during a rejudge are judged first.
- Each item is judged against the version of its problem published when the rejudge began (a sync
  published the fixed tests), or, asked for, against the version the submission was judged with before
  (the judge itself changed). Applying a changed result records the version it came from.
- Staff rejudge what they are staff of (judge.service.access.is_staff_of): admins anything, course staff
  their course's submissions, instructors of the deployment the submissions made in no course; never a
  submission only because it is their own.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from sqlalchemy.orm import Session, object_session

from judge.db.models import Rejudge, RejudgeItem, Submission, SubmissionResultRow, User, utcnow
from judge.errors import InvalidRequest, JudgeError, NotFound, PermissionDenied, SandboxUnavailable
from judge.service import access, audit, courses
from judge.service.access import Viewer
from judge.service.judging import replace_result, result_without_tests
from judge.service.schemas import Outcome, RejudgeChange, RejudgeReport
from judge.problems import variants
from judge.service.services import Enqueue, Services
from judge.source import Source
from judge.verdicts import SubmissionResult

log = logging.getLogger(__name__)


def start_rejudge(
    session: Session,
    viewer: Viewer,
    services: Services,
    scope: dict[str, str],
    enqueue: Enqueue,
    same_version: bool = False,
) -> RejudgeReport:
    """A rejudge of the finished submissions in scope ({"submission"}, {"problem"}, or {"course", "assignment"?}),
    with every item queued: against each problem's published version, or with same_version the one each
    submission was judged with."""
    if not viewer.is_staff_somewhere:
        raise PermissionDenied("only staff can rejudge")
    query = (
        select(
            Submission.id,
            SubmissionResultRow.verdict,
            SubmissionResultRow.score,
            Submission.problem,
            Submission.problem_version,
        )
        .join(SubmissionResultRow, SubmissionResultRow.submission_id == Submission.id)
        .where(access.readable(viewer, as_staff=True), Submission.examples_only.is_(False))  # runs hold no grade
    )
    if "submission" in scope:
        query = query.where(Submission.id == scope["submission"])
    if "problem" in scope:
        services.registry.get(scope["problem"])
        query = query.where(Submission.problem == scope["problem"])
    if "course" in scope:
        course = access.find_course(
            session, viewer, scope["course"], access.Action.READ_COURSE_SUBMISSIONS, "rejudge its submissions"
        )
        query = query.where(Submission.course_id == course.id)
        if "assignment" in scope:
            assignment = courses.assignment_seen(session, viewer, course, scope["assignment"])
            query = query.where(Submission.assignment_id == assignment.id)
    rows = session.execute(query.order_by(Submission.received_at)).all()
    if not rows:
        raise NotFound("no finished submission of yours to rejudge there")
    if services.quota is not None:
        services.quota.admit_rejudge(viewer, len(rows))
    published = {slug: _published_version(services, slug) for slug in {row.problem for row in rows}}
    rejudge = Rejudge(
        scope={**scope, **({"against": "same version"} if same_version else {})},
        created_by=viewer.id,
        items=[
            RejudgeItem(
                submission_id=row.id,
                position=i,
                old_verdict=row.verdict,
                old_score=row.score,
                problem_version=(row.problem_version if same_version else published[row.problem]),
            )
            for i, row in enumerate(rows)
        ],
    )
    session.add(rejudge)
    audit.record(
        session, viewer, "rejudge.start", ",".join(f"{k}={v}" for k, v in sorted(scope.items())), submissions=len(rows)
    )
    session.commit()
    for item in rejudge.items:
        try:
            enqueue(item.id)
        except Exception:  # noqa: BLE001 - the report shows it unjudged; starting the rejudge again retries it
            log.exception("could not queue rejudge item %s", item.id)
    return _report(rejudge)


def run_item(services: Services, item_id: str) -> None:
    """Judge one item's submission again, against the item's version of the problem; SandboxUnavailable
    propagates, for the task to retry."""
    with services.sessions() as session:
        item = session.get(RejudgeItem, item_id)
        if item is None or item.finished_at is not None:
            return
        row = session.get(Submission, item.submission_id)
        slug, source = row.problem, Source(row.source, row.language, row.dialect)
        version, seed = item.problem_version, row.variant_seed
    try:
        problem = services.registry.at(slug, version) if version else services.registry.get(slug)
        problem = variants.varied(problem, seed)  # judged again on the candidate's own variant
        result = services.judge.judge(problem, source, label=f"rejudge:{item_id}")
    except SandboxUnavailable:
        raise
    except JudgeError as exc:  # the problem is gone or broken now: the report says so for this item
        result = result_without_tests(slug, source, str(exc))
    shown = result.for_candidate()
    with services.sessions() as session:
        item = session.get(RejudgeItem, item_id)
        item.new_verdict, item.new_score = shown.verdict.value, shown.score
        item.new_result, item.finished_at = shown.model_dump(mode="json"), utcnow()
        session.commit()


def _find(session: Session, viewer: Viewer, rejudge_id: str) -> Rejudge:
    """The rejudge, for whoever started it or an admin."""
    rejudge = session.get(Rejudge, rejudge_id)
    if rejudge is None or (rejudge.created_by != viewer.id and not viewer.is_admin):
        raise NotFound(f"no rejudge {rejudge_id}")
    return rejudge


def _report(rejudge: Rejudge) -> RejudgeReport:
    items = list(rejudge.items)
    moved = [i.submission_id for i in items if changed(i)]
    session = object_session(rejudge)
    whose: dict[str, tuple[str, str]] = {}
    if moved and session is not None:  # who and what each change is about: the diff names them
        whose = {
            sid: (name, problem)
            for sid, name, problem in session.execute(
                select(Submission.id, User.name, Submission.problem)
                .join(User, User.id == Submission.user_id)
                .where(Submission.id.in_(moved))
            ).all()
        }
    return RejudgeReport(
        id=rejudge.id,
        scope=rejudge.scope,
        state=rejudge.state,
        submissions=len(items),
        judged=sum(1 for i in items if i.finished_at is not None),
        changed=[
            RejudgeChange(
                submission=i.submission_id,
                user=whose.get(i.submission_id, ("", ""))[0],
                problem=whose.get(i.submission_id, ("", ""))[1],
                before=Outcome(verdict=i.old_verdict, score=i.old_score),
                after=Outcome(verdict=i.new_verdict or "", score=i.new_score or 0.0, problem_version=i.problem_version),
            )
            for i in items
            if changed(i)
        ],
    )


def report(session: Session, viewer: Viewer, rejudge_id: str) -> RejudgeReport:
    """The report so far: how many are judged again, and each submission whose verdict or score changed."""
    return _report(_find(session, viewer, rejudge_id))


def changed(item: RejudgeItem) -> bool:
    return item.finished_at is not None and (
        item.new_verdict != item.old_verdict or round(item.new_score or 0.0, 4) != round(item.old_score, 4)
    )


def settle(session: Session, viewer: Viewer, services: Services, rejudge_id: str, apply: bool) -> RejudgeReport:
    """Apply every changed result of a finished rejudge (the old ones are kept), or discard the report."""
    rejudge = _find(session, viewer, rejudge_id)
    if rejudge.state != "open":
        raise InvalidRequest(f"this rejudge was {rejudge.state} already")
    items = list(rejudge.items)
    if apply and any(item.finished_at is None for item in items):
        raise InvalidRequest("this rejudge is still running: apply it once every submission is judged again")
    own: set[str] = set()
    if apply:
        # Nobody applies a new verdict to their own submission: a member of staff could re-roll theirs
        # (round two, finding 10). Those items stay as they were; another member of staff can rejudge them.
        authors = dict(
            session.execute(
                select(Submission.id, Submission.user_id).where(Submission.id.in_([i.submission_id for i in items]))
            ).all()
        )
        own = {item.submission_id for item in items if authors.get(item.submission_id) == viewer.id}
        for item in items:
            if changed(item) and item.submission_id not in own:
                replace_result(services, item.submission_id, SubmissionResult.model_validate(item.new_result))
    rejudge.state = "applied" if apply else "discarded"
    audit.record(
        session,
        viewer,
        "rejudge.apply" if apply else "rejudge.discard",
        rejudge_id,
        changed=sum(1 for item in items if changed(item)),
        **({"not_applied_own": len(own)} if own else {}),
    )
    session.commit()
    return _report(rejudge)


def _published_version(services: Services, slug: str) -> str | None:
    try:
        return services.registry.get(slug).version
    except JudgeError:  # no longer offered: the item says so when it runs
        return None
