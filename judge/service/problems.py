"""The problem bank as people see it: the problems a viewer may see, one problem's statement, its versions,
and publishing the server's problems directory. Visibility is judge.service.access's."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from judge.errors import ProblemNotFound
from judge.problems.views import problem_detail, problem_summary
from judge.service import access, bank, courses
from judge.service.access import Action, Viewer
from judge.service.schemas import (
    ProblemDetail,
    ProblemIssue,
    ProblemSummary,
    ProblemSyncOutcome,
    ProblemSyncReport,
    ProblemVersionPublic,
)
from judge.lru import LRU
from judge.service.services import Enqueue, Services


# What a problem shows is the same for every viewer who may see it, and fixed by its version (a content hash):
# built once per version and process, not per request (a statement's Markdown is rendered here).
_views: LRU[tuple[str, str, str], Any] = LRU(256)


def _view(problem: Any, what: str) -> Any:
    return _views.get_or_make(
        (what, problem.slug, problem.version),
        lambda: (
            ProblemSummary(**problem_summary(problem))
            if what == "summary"
            else ProblemDetail(**problem_detail(problem))
        ),
    )


def list_problems(session: Session, viewer: Viewer, services: Services) -> list[ProblemSummary]:
    """The problems the viewer may see: the open bank, and those of their courses' released assignments."""
    problems = services.registry.all()
    visible = set(access.visible_problems(session, viewer, [p.slug for p in problems], services.settings.open_bank))
    return [_view(p, "summary") for p in problems if p.slug in visible]


def read_problem(session: Session, viewer: Viewer, services: Services, slug: str) -> ProblemDetail:
    """A problem's statement, starter, limits and its public examples (never a hidden test)."""
    problem = services.registry.get(slug)
    if not access.visible_problems(session, viewer, [slug], services.settings.open_bank):
        raise ProblemNotFound(slug)  # an unreleased assignment's problem is not confirmed to exist
    courses.read_problem_windows(session, viewer, slug, services.settings.open_bank)  # reading starts a window
    detail: ProblemDetail = _view(problem, "detail")
    return detail


def problem_versions(viewer: Viewer, services: Services, slug: str) -> list[ProblemVersionPublic]:
    """Every version of a problem ever published, newest first."""
    viewer.require(Action.READ_PROBLEM_VERSIONS, doing="see a problem's versions")
    registry = services.registry
    assert isinstance(registry, bank.ProblemBank)  # the service's registry: versions live in the database
    published = registry.published().get(slug)
    return [
        ProblemVersionPublic(
            version=v.version,
            published=v.version == published,
            state=_state(v, published),
            refused=v.refused,
            size=v.size,
            created_by=v.created_by,
            created_at=v.created_at,
        )
        for v in registry.versions(slug)
    ]


def _state(version: Any, published: str | None) -> str:
    if version.version == published:
        return "published"
    if version.refused is not None:
        return "refused"
    # Asked for by a sync and not derived yet: what a worker is working on (bank.derive_and_publish).
    if version.reference_runner is None and version.requested_at is not None:
        return "pending"
    return "stored"


def sync_problems(viewer: Viewer, services: Services, enqueue_references: Enqueue | None = None) -> ProblemSyncReport:
    """Publish the server's problems directory: each changed problem that loads becomes a new version at once,
    on every worker (or once a worker has derived its reference outputs: "pending"); one that does not, or whose
    reference fails, is refused with its faults, and keeps the version it had."""
    outcomes = bank.sync(
        services.sessions, services.settings.problems_dir, viewer, enqueue_references=enqueue_references
    )
    return ProblemSyncReport(
        problems=[
            ProblemSyncOutcome(
                slug=o.slug,
                outcome=o.outcome,
                version=o.version,
                previous=o.previous,  # type: ignore[arg-type]
                issues=[ProblemIssue(file=i.file, field=i.field, message=i.message) for i in o.issues],
                pending=o.pending,
            )
            for o in outcomes
        ]
    )
