"""The similarity report's pages (staff): an assignment's or assessment's pairs per problem, and one pair side by
side with the shared lines marked. They ask judge.service.similarity what the API asks, with the same viewer."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from judge.api.deps import ServicesDep, SessionDep
from judge.api.pages.templating import render
from judge.api.pages.viewer import PageViewerDep
from judge.service import similarity
from judge.service.schemas import PairSide

router = APIRouter(include_in_schema=False)
BASE = "/courses/{course}/assignments/{assignment}/similarity"


@router.get(BASE)
def report(
    request: Request,
    course: str,
    assignment: str,
    session: SessionDep,
    viewer: PageViewerDep,
    services: ServicesDep,
    problem: str | None = None,
) -> Response:
    shown = similarity.report(session, viewer, services, course, assignment, problem or None)
    return render(
        request,
        "similarity.html",
        viewer,
        title=f"Similarity in {course}/{assignment}",
        r=shown,
        base=f"/courses/{course}/assignments/{assignment}",
    )


@router.get(BASE + "/{a}/{b}")
def pair(
    request: Request,
    course: str,
    assignment: str,
    a: str,
    b: str,
    session: SessionDep,
    viewer: PageViewerDep,
    services: ServicesDep,
) -> Response:
    detail = similarity.pair(session, viewer, services, course, assignment, a, b)
    return render(
        request,
        "similarity_pair.html",
        viewer,
        title=f"{detail.left.author} and {detail.right.author} in {detail.problem}",
        d=detail,
        sides=[(detail.left, _lines(detail.left)), (detail.right, _lines(detail.right))],
        base=f"/courses/{course}/assignments/{assignment}",
    )


def _lines(side: PairSide) -> list[tuple[int, str, bool]]:
    marked = set(side.lines)
    return [(n, line, n in marked) for n, line in enumerate(side.normalised.splitlines(), 1)]
