"""A candidate's invite link: a welcome page that changes nothing (mail scanners follow links), and its one
button, which spends the invite and signs the browser in to that assessment alone (judge.service.invites)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from judge.api.deps import SessionDep, SettingsDep
from judge.api.pages.auth import set_session_cookie
from judge.api.pages.templating import render
from judge.service import invites

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
    value, _ = invites.redeem(session, settings, token)
    response = RedirectResponse("/", status_code=303)  # the home page: their assessment, and only it
    response.headers.update(PRIVATE)
    set_session_cookie(request, response, settings, value)
    return response
