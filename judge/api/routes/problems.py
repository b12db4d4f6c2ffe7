"""/api/v1/problems: the problem bank as candidates see it, its versions, and publishing it (a sync)."""

from __future__ import annotations

from fastapi import APIRouter

from judge.api.deps import EnqueueReferencesDep, ServicesDep, SessionDep, ViewerDep
from judge.api.errors import responses
from judge.service import problems
from judge.service.schemas import ProblemDetail, ProblemSummary, ProblemSyncReport, ProblemVersionPublic

router = APIRouter(prefix="/api/v1/problems", tags=["problems"])


@router.get("", response_model=list[ProblemSummary], responses=responses(401))
def list_(session: SessionDep, viewer: ViewerDep, services: ServicesDep) -> list[ProblemSummary]:
    """The problems the caller may see: the open bank, and those of their courses' released assignments."""
    return problems.list_problems(session, viewer, services)


@router.post("/sync", response_model=ProblemSyncReport, responses=responses(401, 403, 422))
def sync(viewer: ViewerDep, services: ServicesDep, enqueue_references: EnqueueReferencesDep) -> ProblemSyncReport:
    """Publish the server's problems directory (admins): each changed problem that loads becomes a new version
    at once, on every worker; one whose tests need its reference's outputs is "pending" until a worker has
    derived them; one that does not load, or whose reference fails, is refused with its faults, and keeps the
    version it had."""
    return problems.sync_problems(viewer, services, enqueue_references)


@router.get("/{slug}", response_model=ProblemDetail, responses=responses(401, 404))
def read(slug: str, session: SessionDep, viewer: ViewerDep, services: ServicesDep) -> ProblemDetail:
    """A problem's statement, starter, limits and its public examples (never a hidden test)."""
    return problems.read_problem(session, viewer, services, slug)


@router.get("/{slug}/versions", response_model=list[ProblemVersionPublic], responses=responses(401, 403, 404))
def versions(slug: str, viewer: ViewerDep, services: ServicesDep) -> list[ProblemVersionPublic]:
    """Every version of a problem ever published, newest first (admins and instructors)."""
    return problems.problem_versions(viewer, services, slug)
