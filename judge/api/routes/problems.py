"""/api/v1/problems: the problem bank as candidates see it, its versions, and publishing it (a sync)."""

from __future__ import annotations

from fastapi import APIRouter

from judge.api.deps import CurrentUser, ServicesDep
from judge.api.errors import responses
from judge.api.schemas import (ProblemDetail, ProblemIssue, ProblemSummary, ProblemSyncOutcome, ProblemSyncReport,
                               ProblemVersionPublic)
from judge.db.models import aware
from judge.errors import ProblemNotFound
from judge.problems.views import problem_detail, problem_summary
from judge.service import bank
from judge.service.courses import visible_problems

router = APIRouter(prefix="/api/v1/problems", tags=["problems"])


@router.get("", response_model=list[ProblemSummary], responses=responses(401))
def list_(services: ServicesDep, user: CurrentUser) -> list[ProblemSummary]:
    """The problems the caller may see: the open bank, and those of their courses' released assignments."""
    problems = services.registry.all()
    visible = set(_visible(services, user, [p.slug for p in problems]))
    return [ProblemSummary(**problem_summary(p)) for p in problems if p.slug in visible]


@router.post("/sync", response_model=ProblemSyncReport, responses=responses(401, 403, 422))
def sync(services: ServicesDep, user: CurrentUser) -> ProblemSyncReport:
    """Publish the server's problems directory (admins): each changed problem that loads becomes a new version
    at once, on every worker; one that does not is refused with its faults, and keeps the version it had."""
    outcomes = bank.sync(services.sessions, services.settings.problems_dir, user)
    return ProblemSyncReport(problems=[
        ProblemSyncOutcome(slug=o.slug, outcome=o.outcome, version=o.version, previous=o.previous,
                           issues=[ProblemIssue(file=i.file, field=i.field, message=i.message) for i in o.issues])
        for o in outcomes])


@router.get("/{slug}", response_model=ProblemDetail, responses=responses(401, 404))
def read(slug: str, services: ServicesDep, user: CurrentUser) -> ProblemDetail:
    """A problem's statement, starter, limits and its public examples (never a hidden test)."""
    problem = services.registry.get(slug)
    if slug not in _visible(services, user, [slug]):
        raise ProblemNotFound(slug)  # an unreleased assignment's problem is not confirmed to exist
    return ProblemDetail(**problem_detail(problem))


@router.get("/{slug}/versions", response_model=list[ProblemVersionPublic], responses=responses(401, 403, 404))
def versions(slug: str, services: ServicesDep, user: CurrentUser) -> list[ProblemVersionPublic]:
    """Every version of a problem ever published, newest first (admins and instructors)."""
    published = services.registry.published().get(slug)
    return [ProblemVersionPublic(version=v.version, published=v.version == published, size=v.size,
                                 created_by=v.created_by, created_at=aware(v.created_at))
            for v in services.registry.versions(user, slug)]


def _visible(services, user, slugs: list[str]) -> list[str]:
    """Which of these problems the user may see."""
    with services.sessions() as session:
        return visible_problems(session, user, slugs, services.settings.open_bank)
