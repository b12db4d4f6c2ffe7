"""Hiring assessments, the candidate's side: the rules and the practice problem, Start, drafts, Finish, and the
clock that ends it for them.

Invariants:
- The clock is the server's, kept in assignment_starts: it starts once, at the candidate's Start (a second
  Start returns the same clock), never by reading or submitting, and runs through a lost connection. It ends
  at the first of: their time (the assessment's, lengthened by their extra time), the closing date, their
  Finish. Before Start only the practice problem is open; after the end nothing is accepted, neither a
  submission nor a draft (courses.assessment_gate, which the submission path and the problem pages consult).
- When it ends, once (a conditional update of finished_at decides who ends it), the last saved draft of each
  problem, if newer than the candidate's last submission to it, is submitted for them, received at the end
  and so never late, and judged like any other; it is marked from_draft. The sweeper ends the clocks that ran
  out (close_ended); Finish ends one at once.
- Drafts are bounded: at most MAX_DRAFTS per problem and candidate (a save shortly after the last, with no
  paste in either, replaces it), each at most the deployment's source size.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from judge.format.model import Problem
from judge.db.models import Assignment, AssignmentStart, Course, Draft, Submission, utcnow
from judge.errors import InvalidRequest, NotFound, PermissionDenied, ProblemNotFound, SubmissionRejected
from judge.service import audit, courses
from judge.service.submissions import send
from judge.service.access import Action, Viewer, find_course
from judge.service.schemas import AssessmentProblem, AssessmentStart, AssessmentState, Clock, DraftSave, DraftSaved
from judge.service.services import Enqueue, Services
from judge.verdicts import Status

log = logging.getLogger(__name__)
MAX_DRAFTS = 300  # per candidate and problem
COALESCE = dt.timedelta(seconds=15)  # a save this soon after the last, with no paste, replaces it


def _assessment(session: Session, viewer: Viewer, slug: str, assignment_slug: str) -> tuple[Course, Assignment]:
    course = find_course(session, viewer, slug)
    assignment = courses.assignment_seen(session, viewer, course, assignment_slug)
    if assignment.assessment is None:
        raise NotFound(f"{slug}/{assignment_slug} is not a hiring assessment")
    return course, assignment


def _taker(viewer: Viewer, course: Course) -> None:
    if viewer.may(Action.SEE_UNRELEASED, course.id):
        raise InvalidRequest("staff have no clock: the assessment is the candidates' to take")


def clock_of(session: Session, assignment: Assignment, user_id: str, now: dt.datetime | None = None) -> Clock:
    now = now or utcnow()
    start = session.get(AssignmentStart, (assignment.id, user_id))
    minutes = courses.window_of(session, assignment, user_id) or 0.0
    if start is None:
        return Clock(started_at=None, ends_at=None, minutes=minutes, running=False)
    ends = courses.student_deadline(session, assignment, user_id)
    return Clock(
        started_at=start.started_at,
        ends_at=start.finished_at if start.finished_at and start.finished_at < ends else ends,
        finished_at=start.finished_at,
        finished_by=start.finished_by,  # type: ignore[arg-type]
        minutes=minutes,
        running=start.finished_at is None and now <= ends,
    )


def state(session: Session, viewer: Viewer, services: Services, slug: str, assignment_slug: str) -> AssessmentState:
    course, assignment = _assessment(session, viewer, slug, assignment_slug)
    staff = viewer.may(Action.SEE_UNRELEASED, course.id)
    clock = clock_of(session, assignment, viewer.id)
    options = dict(assignment.assessment or {})
    if not staff:
        options = {k: v for k, v in options.items() if k not in ("rubric", "retention")}
    problems = []
    if staff or clock.started_at is not None:
        drafted = dict(
            session.execute(
                select(Draft.problem, func.max(Draft.saved_at))
                .where(Draft.assignment_id == assignment.id, Draft.user_id == viewer.id)
                .group_by(Draft.problem)
            ).all()
        )
        counts = dict(
            session.execute(
                select(Submission.problem, func.count(Submission.id))
                .where(Submission.assignment_id == assignment.id, Submission.user_id == viewer.id)
                .group_by(Submission.problem)
            ).all()
        )
        for entry in assignment.problems:
            title = services.registry.get(entry.problem).spec.title
            problems.append(
                AssessmentProblem(
                    problem=entry.problem,
                    title=title,
                    points=entry.points,
                    drafted_at=drafted.get(entry.problem),
                    submissions=counts.get(entry.problem, 0),
                )
            )
    return AssessmentState(
        course=course.slug,
        assessment=assignment.slug,
        title=assignment.title,
        closes_at=assignment.due_at,
        options=options,
        practice=options.get("practice"),
        clock=clock,
        problems=problems,
    )


def start(
    session: Session,
    viewer: Viewer,
    services: Services,
    slug: str,
    assignment_slug: str,
    body: AssessmentStart,
    now: dt.datetime | None = None,
) -> AssessmentState:
    """Start the candidate's clock, once: a second Start changes nothing and returns the running clock."""
    now = now or utcnow()
    course, assignment = _assessment(session, viewer, slug, assignment_slug)
    _taker(viewer, course)
    if assignment.release_at > now:
        raise PermissionDenied(f"{assignment.title} opens at {assignment.release_at.isoformat()}")
    if assignment.due_at <= now:
        raise PermissionDenied(f"{assignment.title} closed at {assignment.due_at.isoformat()}")
    if session.get(AssignmentStart, (assignment.id, viewer.id)) is None:
        session.add(
            AssignmentStart(
                assignment_id=assignment.id, user_id=viewer.id, started_at=now, share_extra_time=body.share_extra_time
            )
        )
        try:
            session.commit()
        except Exception:  # noqa: BLE001 - two Starts at once: the first one's clock stands
            session.rollback()
    return state(session, viewer, services, slug, assignment_slug)


def save_draft(session: Session, viewer: Viewer, services: Services, body: DraftSave) -> DraftSaved:
    """Keep the editor's text while the candidate's clock runs (refused once it ended)."""
    now = utcnow()
    course_slug, _, assignment_slug = body.assignment.partition("/")
    course, assignment = _assessment(session, viewer, course_slug, assignment_slug)
    _taker(viewer, course)
    if body.problem not in {p.problem for p in assignment.problems}:
        raise NotFound(f"no problem {body.problem!r} in {body.assignment}")
    courses.assessment_gate(session, assignment, viewer.id, now)
    limit = services.settings.max_source_kb * 1024
    if len(body.source.encode("utf-8")) > limit:
        raise SubmissionRejected(f"the draft is over {services.settings.max_source_kb} KB")
    mine = (Draft.assignment_id == assignment.id, Draft.user_id == viewer.id, Draft.problem == body.problem)
    last = session.scalar(select(Draft).where(*mine).order_by(Draft.saved_at.desc()).limit(1))
    count = session.scalar(select(func.count(Draft.id)).where(*mine)) or 0
    if last is not None and last.source == body.source and not body.pasted_chars:
        return DraftSaved(saved_at=last.saved_at, ends_at=courses.student_deadline(session, assignment, viewer.id))
    quiet = last is not None and not body.pasted_chars and not last.pasted_chars and now - last.saved_at < COALESCE
    if last is not None and (quiet or count >= MAX_DRAFTS):
        last.source, last.dialect, last.saved_at = body.source, body.dialect, now
        last.pasted_chars += body.pasted_chars
    else:
        session.add(
            Draft(
                assignment_id=assignment.id,
                user_id=viewer.id,
                problem=body.problem,
                dialect=body.dialect,
                source=body.source,
                pasted_chars=body.pasted_chars,
                saved_at=now,
            )
        )
    session.commit()
    return DraftSaved(saved_at=now, ends_at=courses.student_deadline(session, assignment, viewer.id))


def finish(
    session: Session, viewer: Viewer, services: Services, slug: str, assignment_slug: str, enqueue: Enqueue
) -> AssessmentState:
    """The candidate is done: their clock ends now, and their newer drafts are submitted for them."""
    course, assignment = _assessment(session, viewer, slug, assignment_slug)
    _taker(viewer, course)
    courses.assessment_gate(session, assignment, viewer.id)
    end(session, services, assignment, viewer.id, utcnow(), "candidate", enqueue)
    return state(session, viewer, services, slug, assignment_slug)


def end(
    session: Session,
    services: Services,
    assignment: Assignment,
    user_id: str,
    at: dt.datetime,
    by: str,
    enqueue: Enqueue,
) -> list[str]:
    """End one candidate's clock at `at`, once, and submit their newer drafts; the ids of those submissions."""
    ended = session.execute(
        update(AssignmentStart)
        .where(
            AssignmentStart.assignment_id == assignment.id,
            AssignmentStart.user_id == user_id,
            AssignmentStart.finished_at.is_(None),
        )
        .values(finished_at=at, finished_by=by)
    )
    if ended.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        return []  # ended already, by the other of Finish and the clock
    rows = _drafts_to_submit(session, services, assignment, user_id, at)
    audit.record_as(session, by, "assessment.finish", f"{assignment.id}/{user_id}", submitted_from_drafts=len(rows))
    session.commit()  # durable before they are enqueued: the sweeper sends what was not
    for row in rows:
        send(session, row, enqueue)
    return [row.id for row in rows]


def _drafts_to_submit(
    session: Session, services: Services, assignment: Assignment, user_id: str, at: dt.datetime
) -> list[Submission]:
    rows = []
    seed = courses.seed_of(session, assignment, user_id)
    for entry in assignment.problems:
        draft = session.scalar(
            select(Draft)
            .where(Draft.assignment_id == assignment.id, Draft.user_id == user_id, Draft.problem == entry.problem)
            .order_by(Draft.saved_at.desc())
            .limit(1)
        )
        if draft is None:
            continue
        last = session.scalar(
            select(Submission)
            .where(
                Submission.assignment_id == assignment.id,
                Submission.user_id == user_id,
                Submission.problem == entry.problem,
                Submission.examples_only.is_(False),
            )
            .order_by(Submission.received_at.desc())
            .limit(1)
        )
        if last is not None and (last.received_at >= draft.saved_at or last.source == draft.source):
            continue
        try:
            problem = services.registry.get(entry.problem)
            if not draft.source.strip() or draft.source == _starter(problem):
                continue  # nothing of theirs in it
            checked = services.judge.accept(problem, draft.source, None, draft.dialect)
        except (SubmissionRejected, ProblemNotFound) as exc:
            log.warning("the draft of %s could not be submitted: %s", entry.problem, exc)
            continue
        row = Submission(
            user_id=user_id,
            problem=problem.slug,
            problem_version=problem.version,
            language=checked.language,
            dialect=checked.dialect,
            source=checked.text,
            status=Status.QUEUED,
            received_at=at,
            course_id=assignment.course_id,
            assignment_id=assignment.id,
            variant_seed=seed,
            from_draft=True,
        )
        session.add(row)
        rows.append(row)
    return rows


def _starter(problem: Problem) -> str:
    if not problem.spec.starter:
        return ""
    try:
        return (problem.directory / problem.spec.starter).read_text(encoding="utf-8")
    except OSError:
        return ""


def close_ended(services: Services, enqueue: Enqueue, now: dt.datetime | None = None) -> list[str]:
    """The sweeper's part: end every candidate's clock that ran out, submitting their drafts. Their ids."""
    now = now or utcnow()
    submitted: list[str] = []
    with services.sessions() as session:
        running = session.execute(
            select(AssignmentStart.user_id, Assignment)
            .join(Assignment, Assignment.id == AssignmentStart.assignment_id)
            .where(AssignmentStart.finished_at.is_(None), Assignment.assessment.is_not(None))
        ).all()
        for user_id, assignment in running:
            ends = courses.student_deadline(session, assignment, user_id)
            if ends < now:
                submitted += end(session, services, assignment, user_id, ends, "clock", enqueue)
    return submitted
