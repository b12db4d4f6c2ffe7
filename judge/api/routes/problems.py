"""/api/v1/problems: the problem bank as candidates see it."""

from __future__ import annotations

from fastapi import APIRouter

from judge.api.deps import CurrentUser, ServicesDep
from judge.api.errors import responses
from judge.problems.views import problem_detail, problem_summary
from judge.api.schemas import ProblemDetail, ProblemSummary
from judge.errors import ProblemNotFound
from judge.service.courses import visible_problems

router = APIRouter(prefix="/api/v1/problems", tags=["problems"])


@router.get("", response_model=list[ProblemSummary], responses=responses(401))
def list_(services: ServicesDep, user: CurrentUser) -> list[ProblemSummary]:
    """The problems the caller may see: the open bank, and those of their courses' released assignments."""
    visible = set(_visible(services, user))
    return [ProblemSummary(**problem_summary(p)) for p in services.registry.all() if p.slug in visible]


@router.get("/{slug}", response_model=ProblemDetail, responses=responses(401, 404))
def read(slug: str, services: ServicesDep, user: CurrentUser) -> ProblemDetail:
    """A problem's statement, starter, limits and its public examples (never a hidden test)."""
    problem = services.registry.get(slug)
    if slug not in _visible(services, user):
        raise ProblemNotFound(slug)  # an unreleased assignment's problem is not confirmed to exist
    return ProblemDetail(**problem_detail(problem))


def _visible(services, user) -> list[str]:
    with services.sessions() as session:
        return visible_problems(session, user, [p.slug for p in services.registry.all()], services.settings.open_bank)
