"""Hiring assessments on the pages. For the candidate: the assessment's page (the rules, their time, the
practice problem, Start; once started, the problems and the time left), and Finish with its confirmation.
For reviewers: the candidates side by side (sortable, with its CSV) and a printable report per candidate with
the scorecard form. Each calls judge.service.assessments or .reviews as the API does, with the same viewer."""

from __future__ import annotations

import difflib
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from judge.api.deps import EnqueueDep, ServicesDep, SessionDep
from judge.api.pages.templating import render
from judge.api.pages.viewer import PageViewerDep
from judge.errors import JudgeError
from judge.service import assessments, reviews
from judge.service.access import Viewer
from judge.service.schemas import AssessmentStart, CandidateReport, ScorecardSave
from judge.service.services import Services

router = APIRouter(include_in_schema=False)
RATINGS = (("strong_no", "Strong no"), ("no", "No"), ("yes", "Yes"), ("strong_yes", "Strong yes"))


def _page(
    request: Request, session: SessionDep, viewer: Viewer, services: Services, c: str, a: str, confirm: bool = False
) -> Response:
    state = assessments.state(session, viewer, services, c, a)
    return render(
        request,
        "assessment.html",
        viewer,
        title=state.title,
        s=state,
        confirm=confirm,
        base=f"/assessments/{c}/{a}",
    )


@router.get("/assessments/{course}/{assignment}")
def assessment_page(
    request: Request, course: str, assignment: str, session: SessionDep, viewer: PageViewerDep, services: ServicesDep
) -> Response:
    return _page(request, session, viewer, services, course, assignment)


@router.post("/assessments/{course}/{assignment}/start")
def start(
    course: str,
    assignment: str,
    session: SessionDep,
    viewer: PageViewerDep,
    services: ServicesDep,
    share_extra_time: Annotated[bool, Form()] = False,
) -> Response:
    assessments.start(session, viewer, services, course, assignment, AssessmentStart(share_extra_time=share_extra_time))
    return RedirectResponse(f"/assessments/{course}/{assignment}", status_code=303)


@router.get("/assessments/{course}/{assignment}/finish")
def confirm_finish(
    request: Request, course: str, assignment: str, session: SessionDep, viewer: PageViewerDep, services: ServicesDep
) -> Response:
    return _page(request, session, viewer, services, course, assignment, confirm=True)


@router.post("/assessments/{course}/{assignment}/finish")
def finish(
    course: str, assignment: str, session: SessionDep, viewer: PageViewerDep, services: ServicesDep, enqueue: EnqueueDep
) -> Response:
    assessments.finish(session, viewer, services, course, assignment, enqueue)
    return RedirectResponse(f"/assessments/{course}/{assignment}", status_code=303)


def problem_context(session: SessionDep, viewer: Viewer, services: Services, ref: str | None) -> dict[str, Any] | None:
    """What the problem page adds inside a running assessment of the candidate's: the time left, where drafts
    are saved, whether runs are offered; None elsewhere (no assessment, staff, or not theirs)."""
    if not ref or "/" not in ref:
        return None
    course, _, assignment = ref.partition("/")
    try:
        state = assessments.state(session, viewer, services, course, assignment)
    except JudgeError:
        return None
    if state.clock.started_at is None:
        return None
    return {
        "back": f"/assessments/{course}/{assignment}",
        "title": state.title,
        "ends_at": state.clock.ends_at,
        "running": state.clock.running,
        "draft_url": f"/api/v1/courses/{course}/assignments/{assignment}/drafts",
        "runs": state.options.get("examples_runs", True),
    }


# --- reviewers -----------------------------------------------------------------------------------------


@router.get("/courses/{course}/assignments/{assignment}/comparison")
def comparison(
    request: Request, course: str, assignment: str, session: SessionDep, viewer: PageViewerDep, sort: str = "total"
) -> Response:
    table = reviews.comparison(session, viewer, course, assignment, sort)
    return render(
        request,
        "comparison.html",
        viewer,
        title=f"Candidates of {table.assessment}",
        t=table,
        sort=sort,
        base=f"/courses/{course}/assignments/{assignment}",
    )


def _replay(report: CandidateReport) -> dict[str, list[dict[str, Any]]]:
    """Each problem's drafts as steps: when, how much was pasted, and the lines it added and removed."""
    steps: dict[str, list[dict[str, Any]]] = {}
    for problem in report.problems:
        before: list[str] = []
        shown = []
        for draft in problem.replay:
            after = draft.source.splitlines()
            changes = [
                line
                for line in difflib.unified_diff(before, after, lineterm="", n=0)
                if line[:1] in "+-" and not line.startswith(("+++", "---"))
            ]
            shown.append({"at": draft.saved_at, "pasted": draft.pasted_chars, "changes": changes[:200]})
            before = after
        steps[problem.problem] = shown
    return steps


@router.get("/courses/{course}/assignments/{assignment}/report/{candidate}")
def report(
    request: Request,
    course: str,
    assignment: str,
    candidate: str,
    session: SessionDep,
    viewer: PageViewerDep,
    error: str | None = None,
) -> Response:
    got = reviews.report(session, viewer, course, assignment, candidate)
    return render(
        request,
        "report.html",
        viewer,
        title=f"Report: {got.name or got.candidate}",
        r=got,
        replay=_replay(got),
        ratings=RATINGS,
        base=f"/courses/{course}/assignments/{assignment}",
        error=error,
    )


@router.post("/courses/{course}/assignments/{assignment}/report/{candidate}/scorecard")
async def scorecard(
    request: Request, course: str, assignment: str, candidate: str, session: SessionDep, viewer: PageViewerDep
) -> Response:
    form = await request.form()
    ratings = {
        str(key)[len("rating-") :]: str(value)
        for key, value in form.items()
        if str(key).startswith("rating-") and value
    }
    body: dict[str, Any] = {
        "ratings": ratings,
        "overall": str(form.get("overall") or "") or None,
        "notes": str(form.get("notes") or ""),
        "submit": form.get("submit") == "1",
    }
    base = f"/courses/{course}/assignments/{assignment}/report/{candidate}"
    try:
        reviews.save_scorecard(session, viewer, course, assignment, candidate, ScorecardSave.model_validate(body))
    except (JudgeError, ValueError) as exc:
        got = reviews.report(session, viewer, course, assignment, candidate)
        response = render(
            request,
            "report.html",
            viewer,
            status_code=422,
            title=f"Report: {got.name or got.candidate}",
            r=got,
            replay=_replay(got),
            ratings=RATINGS,
            base=f"/courses/{course}/assignments/{assignment}",
            error=str(exc).splitlines()[0][:300],
        )
        return response
    return RedirectResponse(base, status_code=303)
