"""Hiring assessments, the reviewers' side: a report per candidate, the candidates side by side (and as CSV), and
scorecards against the assessment's rubric.

Invariants:
- Reviewers are the course's staff (Action.REVIEW_CANDIDATES); nobody else reads any of this.
- Scores are the gradebook's (judge.service.grades), computed now: a rejudge or an override shows at once.
- A scorecard is its reviewer's: private until they submit it; once submitted it no longer changes, and they
  read the others' submitted ones. In a blind assessment a reviewer reads no candidate's name or email
  until they submitted that candidate's scorecard: the login, which names no one, stands in for it.
- Extra time shows only if the candidate agreed at Start (share_extra_time).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from judge.courses import gradebook as grading
from judge.db.models import Assignment, AssignmentStart, Course, Draft, Invite, Membership, Scorecard, Submission, User
from judge.db.models import utcnow
from judge.db.roles import MemberRole
from judge.errors import Conflict, InvalidRequest, NotFound
from judge.service import access, assessments, grades
from judge.service.access import Action, Viewer, find_course
from judge.service.courses import assignment_of
from judge.service.schemas import (
    CandidateReport,
    Comparison,
    ComparisonRow,
    DraftPublic,
    ReportProblem,
    ReportSubmission,
    ScorecardPublic,
    ScorecardSave,
)
from judge.verdicts import SubmissionResult

REPLAY_LIMIT = 200  # drafts per problem in a report: the latest ones


def _reviewed(session: Session, viewer: Viewer, slug: str, assignment_slug: str) -> tuple[Course, Assignment]:
    course = find_course(session, viewer, slug, Action.REVIEW_CANDIDATES, "review candidates")
    assignment = assignment_of(session, course, assignment_slug)
    if assignment.assessment is None:
        raise NotFound(f"{slug}/{assignment_slug} is not a hiring assessment")
    return course, assignment


def _candidates(session: Session, course: Course, assignment: Assignment) -> list[tuple[Membership, User]]:
    """The assessment's candidates: those invited to it, else (an assessment run as a course's) its students."""
    invited = set(session.scalars(select(Invite.user_id).where(Invite.assignment_id == assignment.id)))
    rows = session.execute(
        select(Membership, User)
        .join(User, Membership.user_id == User.id)
        .where(Membership.course_id == course.id, Membership.role == MemberRole.STUDENT)
        .order_by(User.name)
    ).all()
    return [(m, u) for m, u in rows if not invited or u.id in invited]


def _candidate(session: Session, course: Course, assignment: Assignment, name: str) -> tuple[Membership, User]:
    for membership, user in _candidates(session, course, assignment):
        if user.name == name:
            return membership, user
    raise NotFound(f"no candidate {name!r} in {course.slug}/{assignment.slug}")


def _blind(assignment: Assignment) -> bool:
    return bool((assignment.assessment or {}).get("blind"))


def _submitted_by(session: Session, assignment: Assignment, viewer: Viewer) -> set[str]:
    """The candidates whose scorecard this reviewer submitted."""
    return set(
        session.scalars(
            select(Scorecard.candidate_id).where(
                Scorecard.assignment_id == assignment.id,
                Scorecard.reviewer_id == viewer.id,
                Scorecard.submitted_at.is_not(None),
            )
        )
    )


def _names(user: User, hidden: bool) -> tuple[str | None, str | None]:
    return (None, None) if hidden else (user.display_name, user.email)


def _graded(session: Session, course: Course, assignment: Assignment) -> dict[str, grading.GradedAssignment]:
    rows, _ = grades.book_of(session, course)
    found = {}
    for row in rows:
        for graded in row.assignments:
            if graded.slug == assignment.slug:
                found[row.name] = graded
    return found


def _minutes(start: AssignmentStart | None, clock_end: dt.datetime | None) -> float | None:
    if start is None:
        return None
    end = min(start.finished_at or utcnow(), clock_end or utcnow())
    return round(max(0.0, (end - start.started_at).total_seconds() / 60), 1)


def report(session: Session, viewer: Viewer, slug: str, assignment_slug: str, name: str) -> CandidateReport:
    course, assignment = _reviewed(session, viewer, slug, assignment_slug)
    membership, user = _candidate(session, course, assignment, name)
    hidden = _blind(assignment) and user.id not in _submitted_by(session, assignment, viewer)
    shown_name, shown_email = _names(user, hidden)
    clock = assessments.clock_of(session, assignment, user.id)
    start = session.get(AssignmentStart, (assignment.id, user.id))
    extra = None
    if start is not None and start.share_extra_time and (membership.extra_minutes or membership.extra_percent):
        extra = {"minutes": membership.extra_minutes, "percent": membership.extra_percent}
    graded = _graded(session, course, assignment).get(user.name)
    by_problem = {p.problem: p for p in graded.problems} if graded else {}
    subs = session.scalars(
        select(Submission)
        .where(Submission.assignment_id == assignment.id, Submission.user_id == user.id)
        .order_by(Submission.received_at)
    ).all()
    problems = []
    for entry in assignment.problems:
        mine = [s for s in subs if s.problem == entry.problem]
        drafts = session.scalars(
            select(Draft)
            .where(Draft.assignment_id == assignment.id, Draft.user_id == user.id, Draft.problem == entry.problem)
            .order_by(Draft.saved_at.desc())
            .limit(REPLAY_LIMIT)
        ).all()[::-1]
        shown = []
        counted_groups: list[dict[str, Any]] = []
        best = -1.0
        for row in mine:
            result = None
            if row.result is not None:
                result = access.result_view(viewer, row, SubmissionResult.model_validate(row.result.result))
                if not row.examples_only and result.score > best:
                    best = result.score
                    counted_groups = [
                        {"name": g.name, "score": round(100 * g.score, 2), "verdict": g.verdict.value}
                        for g in result.groups
                    ]
            shown.append(
                ReportSubmission(
                    id=row.id,
                    received_at=row.received_at,
                    verdict=result.verdict if result else None,
                    score=result.score if result else None,
                    examples_only=row.examples_only,
                    from_draft=row.from_draft,
                    source=row.source,
                    result=result,
                )
            )
        times = [d.saved_at for d in drafts] + [s.received_at for s in mine]
        graded_submissions = [s.received_at for s in mine if not s.examples_only]
        minutes = None
        if times and graded_submissions:
            minutes = round((max(graded_submissions) - min(times)).total_seconds() / 60, 1)
        counted = by_problem.get(entry.problem)
        problems.append(
            ReportProblem(
                problem=entry.problem,
                points=entry.points,
                grade=counted.grade if counted else 0.0,
                earned=counted.earned if counted else 0.0,
                groups=counted_groups,
                minutes=minutes,
                submissions=shown,
                replay=[DraftPublic(saved_at=d.saved_at, pasted_chars=d.pasted_chars, source=d.source) for d in drafts],
            )
        )
    cards = session.scalars(
        select(Scorecard).where(Scorecard.assignment_id == assignment.id, Scorecard.candidate_id == user.id)
    ).all()
    mine_card = next((c for c in cards if c.reviewer_id == viewer.id), None)
    others = []
    if mine_card is not None and mine_card.submitted_at is not None:
        others = [_card(session, c) for c in cards if c.reviewer_id != viewer.id and c.submitted_at is not None]
    return CandidateReport(
        candidate=user.name,
        name=shown_name,
        email=shown_email,
        clock=clock,
        extra_time=extra,
        total=graded.earned if graded else 0.0,
        points=sum(p.points for p in assignment.problems),
        problems=problems,
        rubric=list((assignment.assessment or {}).get("rubric", [])),
        my_scorecard=_card(session, mine_card) if mine_card else None,
        scorecards=others,
    )


def _card(session: Session, card: Scorecard) -> ScorecardPublic:
    reviewer = session.get(User, card.reviewer_id)
    return ScorecardPublic(
        reviewer=reviewer.name if reviewer else "(erased)",
        ratings=card.ratings,  # type: ignore[arg-type]
        overall=card.overall,  # type: ignore[arg-type]
        notes=card.notes,
        submitted_at=card.submitted_at,
    )


def comparison(session: Session, viewer: Viewer, slug: str, assignment_slug: str, sort: str = "total") -> Comparison:
    """Every candidate side by side: total, points per problem, time used, state; sorted by `sort` (a problem,
    "total", "minutes" or "candidate"), highest score first."""
    course, assignment = _reviewed(session, viewer, slug, assignment_slug)
    slugs = [p.problem for p in assignment.problems]
    if sort not in ("total", "minutes", "candidate", *slugs):
        raise InvalidRequest(f"sort by total, minutes, candidate or a problem ({', '.join(slugs)})")
    graded = _graded(session, course, assignment)
    mine = _submitted_by(session, assignment, viewer)
    starts = {
        s.user_id: s
        for s in session.scalars(select(AssignmentStart).where(AssignmentStart.assignment_id == assignment.id))
    }
    overall: dict[str, list[str]] = {}
    for card in session.scalars(
        select(Scorecard).where(Scorecard.assignment_id == assignment.id, Scorecard.submitted_at.is_not(None))
    ):
        if card.reviewer_id == viewer.id or card.candidate_id in mine:  # others' once theirs is in
            if card.overall:
                overall.setdefault(card.candidate_id, []).append(card.overall)
    rows = []
    for _, user in _candidates(session, course, assignment):
        start = starts.get(user.id)
        clock = assessments.clock_of(session, assignment, user.id) if start else None
        got = graded.get(user.name)
        state = "invited" if start is None else ("finished" if clock and not clock.running else "started")
        rows.append(
            ComparisonRow(
                candidate=user.name,
                name=_names(user, _blind(assignment) and user.id not in mine)[0],
                state=state,  # type: ignore[arg-type]
                started_at=start.started_at if start else None,
                minutes_used=_minutes(start, clock.ends_at if clock else None),
                total=got.earned if got else 0.0,
                problems={p.problem: p.earned for p in got.problems} if got else {s: 0.0 for s in slugs},
                overall=overall.get(user.id, []),  # type: ignore[arg-type]
            )
        )
    if sort == "candidate":
        rows.sort(key=lambda r: r.candidate)
    elif sort == "minutes":
        rows.sort(key=lambda r: (r.minutes_used is None, r.minutes_used or 0.0))
    elif sort == "total":
        rows.sort(key=lambda r: -r.total)
    else:
        rows.sort(key=lambda r: -r.problems.get(sort, 0.0))
    return Comparison(
        assessment=f"{course.slug}/{assignment.slug}",
        problems=[{"problem": p.problem, "points": p.points} for p in assignment.problems],
        rows=rows,
    )


def comparison_csv(session: Session, viewer: Viewer, slug: str, assignment_slug: str) -> tuple[str, str]:
    """(file name, CSV): a row per candidate, a column per problem; text cells guarded against formulas."""
    table = comparison(session, viewer, slug, assignment_slug)
    slugs = [p["problem"] for p in table.problems]
    lines = [["candidate", "name", "state", "minutes_used", *slugs, "total", "overall"]]
    for row in table.rows:
        lines.append(
            [
                row.candidate,
                grading.text_cell(row.name or ""),
                row.state,
                "" if row.minutes_used is None else f"{row.minutes_used:g}",
                *(f"{row.problems.get(s, 0.0):g}" for s in slugs),
                f"{row.total:g}",
                " ".join(row.overall),
            ]
        )
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    return f"{slug}-{assignment_slug}-comparison.csv", out.getvalue()


def save_scorecard(
    session: Session, viewer: Viewer, slug: str, assignment_slug: str, name: str, body: ScorecardSave
) -> ScorecardPublic:
    course, assignment = _reviewed(session, viewer, slug, assignment_slug)
    _, user = _candidate(session, course, assignment, name)
    keys = {item["key"] for item in (assignment.assessment or {}).get("rubric", [])}
    unknown = sorted(set(body.ratings) - keys)
    if unknown:
        raise InvalidRequest(f"not in the rubric: {', '.join(unknown)} (it has {', '.join(sorted(keys)) or 'nothing'})")
    card = session.scalar(
        select(Scorecard).where(
            Scorecard.assignment_id == assignment.id,
            Scorecard.candidate_id == user.id,
            Scorecard.reviewer_id == viewer.id,
        )
    )
    if card is not None and card.submitted_at is not None:
        raise Conflict("this scorecard was submitted: it no longer changes")
    if card is None:
        card = Scorecard(assignment_id=assignment.id, candidate_id=user.id, reviewer_id=viewer.id)
        session.add(card)
    if body.submit and body.overall is None:
        raise InvalidRequest("a submitted scorecard needs its overall rating")
    now = utcnow()
    card.ratings, card.overall, card.notes, card.updated_at = dict(body.ratings), body.overall, body.notes, now
    if body.submit:
        card.submitted_at = now
    session.commit()
    return _card(session, card)
