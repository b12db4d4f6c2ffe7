"""Similarity reports of an assignment or a hiring assessment (judge.service.similarity): advisory, for the
course's staff alone, as judge.service.access says."""

from __future__ import annotations

from fastapi import APIRouter, Query

from judge.api.deps import ServicesDep, SessionDep, ViewerDep
from judge.api.errors import responses
from judge.service import similarity
from judge.service.schemas import SimilarityPairDetail, SimilarityReport

router = APIRouter(prefix="/api/v1/courses", tags=["similarity"])
A = "/{course}/assignments/{assignment}"


@router.get(A + "/similarity", response_model=SimilarityReport, responses=responses(401, 403, 404, 422))
def report(
    course: str,
    assignment: str,
    session: SessionDep,
    viewer: ViewerDep,
    services: ServicesDep,
    problem: str | None = Query(None, max_length=100, description="one of the assignment's problems; all by default"),
    limit: int = Query(50, description=f"pairs per problem, highest first (1 to {similarity.PAIRS_LIMIT})"),
) -> SimilarityReport:
    """Per problem: each student's (or candidate's) latest judged submission against the others', pairs ranked
    by score with their percentile in the problem, clusters of three or more, and matches with the problem's
    own accepted solutions. Advisory: it changes no verdict or grade."""
    return similarity.report(session, viewer, services, course, assignment, problem, limit)


@router.get(A + "/similarity/{a}/{b}", response_model=SimilarityPairDetail, responses=responses(401, 403, 404, 422))
def pair(
    course: str, assignment: str, a: str, b: str, session: SessionDep, viewer: ViewerDep, services: ServicesDep
) -> SimilarityPairDetail:
    """Two submissions of the report side by side (by id), with the lines of the fragments they share."""
    return similarity.pair(session, viewer, services, course, assignment, a, b)
