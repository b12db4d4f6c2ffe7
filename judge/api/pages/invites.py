"""Invites on the pages. For the candidate: the link's welcome page, which changes nothing (mail scanners follow
links), and its one button, which spends the invite and signs the browser in to that assessment alone. For
staff: an assessment's invites with their states, a CSV form to invite more (the links shown once), and
resend and revoke. Each calls judge.service.invites as the API does, with the same viewer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from judge.api.deps import SessionDep, SettingsDep
from judge.api.pages.auth import set_session_cookie
from judge.api.pages.templating import render
from judge.api.pages.viewer import PageViewerDep
from judge.errors import InvalidRequest
from judge.service import courses, invites
from judge.service.access import Viewer
from judge.service.schemas import InvitesCreate, InviteSent

router = APIRouter(include_in_schema=False)
# The token is in the path: no other site hears of it, and no cache keeps the page.
PRIVATE = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


@router.get("/invite/{token}")
def welcome(request: Request, token: str, session: SessionDep) -> Response:
    invite, assignment, course = invites.welcome(session, token)
    response = render(
        request,
        "invite.html",
        None,
        title=assignment.title,
        invite=invite,
        assignment=assignment,
        course=course,
        token=token,
    )
    response.headers.update(PRIVATE)
    return response


@router.post("/invite/{token}")
def open_assessment(request: Request, token: str, session: SessionDep, settings: SettingsDep) -> Response:
    _, assignment, course = invites.welcome(session, token)
    # A hiring assessment's own page (its rules and Start); else the home page: their assessment, and only it.
    target = f"/assessments/{course.slug}/{assignment.slug}" if assignment.assessment is not None else "/"
    value, _ = invites.redeem(session, settings, token)
    response = RedirectResponse(target, status_code=303)
    response.headers.update(PRIVATE)
    set_session_cookie(request, response, settings, value)
    return response


def _staff_page(
    request: Request,
    session: SessionDep,
    viewer: Viewer,
    slug: str,
    assignment: str,
    sent: list[InviteSent] | None = None,
    error: str | None = None,
    typed: str = "",
) -> Response:
    listed = invites.list_invites(session, viewer, slug, assignment)  # the API's refusals: 404, then 403
    overview = courses.overview(session, viewer, slug)
    title = next((a.assignment.title for a in overview.assignments if a.assignment.slug == assignment), assignment)
    response = render(
        request,
        "invites.html",
        viewer,
        status_code=422 if error else 200,
        title=f"Invites to {title}",
        o=overview,
        assignment=assignment,
        assessment_title=title,
        invites=listed,
        sent=sent or [],
        error=error,
        typed=typed,
        may_send=overview.instructor,  # SEND_INVITES is the instructors' (judge.service.access)
    )
    response.headers.update(PRIVATE)  # the links are on it, once
    return response


@router.get("/courses/{slug}/assignments/{assignment}/invites")
def staff_invites(request: Request, slug: str, assignment: str, session: SessionDep, viewer: PageViewerDep) -> Response:
    return _staff_page(request, session, viewer, slug, assignment)


@router.post("/courses/{slug}/assignments/{assignment}/invites")
def send_invites(
    request: Request,
    slug: str,
    assignment: str,
    session: SessionDep,
    viewer: PageViewerDep,
    settings: SettingsDep,
    candidates_csv: Annotated[str, Form(max_length=invites.MAX_CSV)],
    send: Annotated[bool, Form()] = False,
) -> Response:
    """Invite everyone of the CSV (name,email), as POST …/invites/csv does; every faulty line named at once."""
    try:
        people = invites.candidates_from_csv(candidates_csv)
        sent = invites.invite(session, viewer, settings, slug, assignment, InvitesCreate(candidates=people, send=send))
    except InvalidRequest as exc:
        return _staff_page(request, session, viewer, slug, assignment, error=str(exc), typed=candidates_csv)
    return _staff_page(request, session, viewer, slug, assignment, sent=sent)


@router.post("/courses/{slug}/assignments/{assignment}/invites/{invite_id}/resend")
def resend_invite(
    request: Request,
    slug: str,
    assignment: str,
    invite_id: str,
    session: SessionDep,
    viewer: PageViewerDep,
    settings: SettingsDep,
) -> Response:
    sent = invites.resend(session, viewer, settings, invite_id)
    return _staff_page(request, session, viewer, slug, assignment, sent=[sent])


@router.post("/courses/{slug}/assignments/{assignment}/invites/{invite_id}/revoke")
def revoke_invite(slug: str, assignment: str, invite_id: str, session: SessionDep, viewer: PageViewerDep) -> Response:
    invites.revoke(session, viewer, invite_id)
    return RedirectResponse(f"/courses/{slug}/assignments/{assignment}/invites", status_code=303)
