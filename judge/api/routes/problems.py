"""/api/v1/problems: the problem bank as candidates see it."""

from __future__ import annotations

from fastapi import APIRouter

from judge.api.deps import CurrentUser, ServicesDep
from judge.api.errors import responses
from judge.problems.views import problem_detail, problem_summary
from judge.api.schemas import ProblemDetail, ProblemSummary

router = APIRouter(prefix="/api/v1/problems", tags=["problems"])


@router.get("", response_model=list[ProblemSummary], responses=responses(401))
def list_(services: ServicesDep, _user: CurrentUser) -> list[ProblemSummary]:
    """Every problem the server offers."""
    return [ProblemSummary(**problem_summary(p)) for p in services.registry.all()]


@router.get("/{slug}", response_model=ProblemDetail, responses=responses(401, 404))
def read(slug: str, services: ServicesDep, _user: CurrentUser) -> ProblemDetail:
    """A problem's statement, starter, limits and its public examples (never a hidden test)."""
    return ProblemDetail(**problem_detail(services.registry.get(slug)))
