"""What staff see: a course's gradebook, roster and statistics, rejudges with their diff, and a problem's
versions. Every page asks the service the API asks, with the same viewer, so a TA sees what the API lets a
TA see; a student gets the API's own 403 or 404, as a page.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from judge.api.deps import EnqueueRejudgeDep, ServicesDep, SessionDep
from judge.api.pages.templating import render
from judge.api.pages.viewer import PageViewerDep
from judge.errors import InvalidRequest, PermissionDenied
from judge.service import accounts, courses, grades, problems, rejudges, users
from judge.service.schemas import CourseOverview

router = APIRouter(include_in_schema=False)


@router.get("/courses/{slug}/gradebook")
def gradebook(request: Request, slug: str, session: SessionDep, viewer: PageViewerDep) -> Response:
    """Students × problems, each cell coloured by its grade, with late penalties, waivers and overrides."""
    rows = grades.gradebook(session, viewer, slug)
    overview = courses.overview(session, viewer, slug)
    columns = [
        (a.assignment.slug, p["problem"], p["points"]) for a in overview.assignments for p in a.assignment.problems
    ]
    cells = []
    for row in rows:
        by_key = {(a.slug, p.problem): p for a in row.assignments for p in a.problems}
        cells.append((row, [by_key.get((a, p)) for a, p, _ in columns]))
    return render(
        request,
        "gradebook.html",
        viewer,
        title=f"Gradebook of {overview.course.title}",
        o=overview,
        columns=columns,
        cells=cells,
    )


@router.get("/courses/{slug}/roster")
def roster(request: Request, slug: str, session: SessionDep, viewer: PageViewerDep) -> Response:
    return _roster_with(request, session, viewer, courses.overview(session, viewer, slug))


def _roster_with(
    request: Request, session: SessionDep, viewer: PageViewerDep, overview: CourseOverview, **shown: object
) -> Response:
    slug = overview.course.slug
    members = courses.list_members(session, viewer, slug)
    code = 422 if shown.get("error") else 200
    context = {"secret": None, "error": None, **shown}
    return render(
        request,
        "roster.html",
        viewer,
        status_code=code,
        title=f"Roster of {overview.course.title}",
        o=overview,
        members=members,
        **context,
    )


@router.post("/courses/{slug}/roster/import")
def import_roster(
    request: Request,
    slug: str,
    session: SessionDep,
    viewer: PageViewerDep,
    roster_csv: Annotated[str, Form(max_length=512 * 1024)],
) -> Response:
    """Members from CSV (name,email,role[,display_name]): the same import as POST /api/v1/courses/{c}/roster."""
    overview = courses.overview(session, viewer, slug)
    try:
        added = courses.import_roster(session, viewer, slug, roster_csv)
    except InvalidRequest as exc:
        return _roster_with(request, session, viewer, overview, error=str(exc))
    tokens = [(m.name, m.token) for m in added if m.token]
    return _roster_with(request, session, viewer, overview, added=added, tokens=tokens)


@router.post("/courses/{slug}/roster/{name}/password")
def reset_password(request: Request, slug: str, name: str, session: SessionDep, viewer: PageViewerDep) -> Response:
    """A new password for a student, shown once to the member of staff who set it; their sessions end."""
    overview = courses.overview(session, viewer, slug)  # a member of this course, or a 404
    password = secrets.token_urlsafe(12)
    accounts.set_password(session, viewer, name, password)
    return _roster_with(request, session, viewer, overview, secret=(name, "password", password))


@router.post("/courses/{slug}/roster/{name}/token")
def reset_token(request: Request, slug: str, name: str, session: SessionDep, viewer: PageViewerDep) -> Response:
    overview = courses.overview(session, viewer, slug)
    created = users.reset_token(session, viewer, name)
    return _roster_with(request, session, viewer, overview, secret=(name, "token", created.token))


@router.post("/courses/{slug}/roster/{name}/active")
def set_active(
    request: Request,
    slug: str,
    name: str,
    session: SessionDep,
    viewer: PageViewerDep,
    active: Annotated[str, Form(pattern="^(true|false)$")],
) -> Response:
    courses.set_member_active(session, viewer, slug, name, active == "true")
    return RedirectResponse(f"/courses/{slug}/roster", status_code=303)


@router.get("/courses/{slug}/stats")
def stats(request: Request, slug: str, session: SessionDep, viewer: PageViewerDep) -> Response:
    """Per assignment and problem: the verdicts and the hidden groups failed most, as bar charts (inline SVG),
    attempts and attempts to solve."""
    overview = courses.overview(session, viewer, slug)
    if not overview.staff:  # the same refusal as the API's statistics endpoint
        raise PermissionDenied("only the course's instructors and TAs may read the statistics")
    charts = []
    for item in overview.assignments:
        for problem in courses.assignment_stats(session, viewer, slug, item.assignment.slug):
            top = max(problem.verdicts.values(), default=0) or 1
            bars = [(verdict, count, round(200 * count / top)) for verdict, count in sorted(problem.verdicts.items())]
            most = max(problem.failing_hidden_groups.values(), default=0) or 1
            groups = [(name, count, round(200 * count / most)) for name, count in problem.failing_hidden_groups.items()]
            charts.append((item.assignment.slug, problem, bars, groups))
    return render(
        request, "stats.html", viewer, title=f"Statistics of {overview.course.title}", o=overview, charts=charts
    )


@router.post("/submissions/{submission_id}/rejudge")
def rejudge(
    submission_id: str, session: SessionDep, viewer: PageViewerDep, services: ServicesDep, enqueue: EnqueueRejudgeDep
) -> Response:
    report = rejudges.start_rejudge(session, viewer, services, {"submission": submission_id}, enqueue)
    return RedirectResponse(f"/rejudges/{report.id}", status_code=303)


@router.get("/rejudges/{rejudge_id}")
def rejudge_page(request: Request, rejudge_id: str, session: SessionDep, viewer: PageViewerDep) -> Response:
    report = rejudges.report(session, viewer, rejudge_id)
    return render(request, "rejudge.html", viewer, title="Rejudge", r=report)


@router.post("/rejudges/{rejudge_id}/{decision}")
def settle(
    rejudge_id: str, decision: str, session: SessionDep, viewer: PageViewerDep, services: ServicesDep
) -> Response:
    if decision not in ("apply", "discard"):
        raise InvalidRequest("a rejudge is applied or discarded")
    rejudges.settle(session, viewer, services, rejudge_id, apply=decision == "apply")
    return RedirectResponse(f"/rejudges/{rejudge_id}", status_code=303)


@router.get("/problems/{slug}/versions")
def versions(request: Request, slug: str, viewer: PageViewerDep, services: ServicesDep) -> Response:
    listed = problems.problem_versions(viewer, services, slug)
    return render(request, "versions.html", viewer, title=f"Versions of {slug}", slug=slug, versions=listed)
