"""Hiring assessments (an assignment of a hiring course with `assessment` options): the candidate's Start,
drafts and Finish (judge.service.assessments); the reviewers' reports, comparison and scorecards
(judge.service.reviews). Who may do what is judge.service.access's."""

from __future__ import annotations

from fastapi import APIRouter, Response

from judge.api.deps import EnqueueDep, ServicesDep, SessionDep, ViewerDep
from judge.api.errors import responses
from judge.service import assessments, reviews
from judge.service.schemas import (
    AssessmentStart,
    AssessmentState,
    CandidateReport,
    Comparison,
    DraftSave,
    DraftSaved,
    ScorecardPublic,
    ScorecardSave,
)

router = APIRouter(prefix="/api/v1/courses", tags=["assessments"])
A = "/{course}/assignments/{assignment}"


@router.get(A + "/assessment", response_model=AssessmentState, responses=responses(401, 404))
def read(
    course: str, assignment: str, session: SessionDep, viewer: ViewerDep, services: ServicesDep
) -> AssessmentState:
    """The assessment as its candidate sees it: its options, the practice problem, their clock and, once it
    started, the problems. Reading starts nothing."""
    return assessments.state(session, viewer, services, course, assignment)


@router.post(A + "/start", response_model=AssessmentState, responses=responses(401, 403, 404, 422))
def start(
    course: str, assignment: str, body: AssessmentStart, session: SessionDep, viewer: ViewerDep, services: ServicesDep
) -> AssessmentState:
    """Start the candidate's clock. Once: a second Start returns the clock already running."""
    return assessments.start(session, viewer, services, course, assignment, body)


@router.put(A + "/drafts", response_model=DraftSaved, responses=responses(401, 403, 404, 422))
def save_draft(
    course: str, assignment: str, body: DraftSave, session: SessionDep, viewer: ViewerDep, services: ServicesDep
) -> DraftSaved:
    """Keep the editor's text while the clock runs; the last one is submitted for the candidate when it ends."""
    body = body.model_copy(update={"assignment": f"{course}/{assignment}"})
    return assessments.save_draft(session, viewer, services, body)


@router.post(A + "/finish", response_model=AssessmentState, responses=responses(401, 403, 404, 422))
def finish(
    course: str, assignment: str, session: SessionDep, viewer: ViewerDep, services: ServicesDep, enqueue: EnqueueDep
) -> AssessmentState:
    """The candidate is done: the clock stops, newer drafts are submitted, nothing more is accepted."""
    return assessments.finish(session, viewer, services, course, assignment, enqueue)


@router.get(A + "/comparison", response_model=Comparison, responses=responses(401, 403, 404, 422))
def comparison(course: str, assignment: str, session: SessionDep, viewer: ViewerDep, sort: str = "total") -> Comparison:
    """Candidates side by side (the course's staff): points per problem, total, time used, overall ratings."""
    return reviews.comparison(session, viewer, course, assignment, sort)


@router.get(
    A + "/comparison.csv",
    response_class=Response,
    responses={
        **responses(401, 403, 404),
        200: {
            "content": {
                "text/csv": {
                    "example": "candidate,name,state,minutes_used,third-unique-song,total,overall\n"
                    "candidate-3f9a1c0b2e,Ada Lovelace,finished,42,30,30,yes\n"
                }
            },
            "description": "a row per candidate, a column per problem",
        },
    },
)
def comparison_csv(course: str, assignment: str, session: SessionDep, viewer: ViewerDep) -> Response:
    """The comparison as CSV: a column per problem. No cell is a formula."""
    filename, text = reviews.comparison_csv(session, viewer, course, assignment)
    return Response(text, media_type="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get(A + "/report/{candidate}", response_model=CandidateReport, responses=responses(401, 403, 404))
def report(course: str, assignment: str, candidate: str, session: SessionDep, viewer: ViewerDep) -> CandidateReport:
    """One candidate (staff): score per problem and group, time per problem, every submission's code and tests
    (hidden ones by name, with metrics), the replay of their drafts, and the scorecards."""
    return reviews.report(session, viewer, course, assignment, candidate)


@router.put(A + "/scorecards/{candidate}", response_model=ScorecardPublic, responses=responses(401, 403, 404, 409, 422))
def scorecard(
    course: str, assignment: str, candidate: str, body: ScorecardSave, session: SessionDep, viewer: ViewerDep
) -> ScorecardPublic:
    """The caller's own scorecard of a candidate, against the rubric; `submit` makes it final."""
    return reviews.save_scorecard(session, viewer, course, assignment, candidate, body)
