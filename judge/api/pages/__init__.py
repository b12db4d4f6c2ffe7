"""The web pages: rendered on the server over the same service calls as the API, with small scripts on top.

A page is a route that calls judge.service with (session, viewer) exactly as the API's route does, and renders
what it returns; so a page shows what the API would show that viewer, and no more. Forms post with a CSRF
token (asgi-csrf, installed in judge/api/app.py) and work without JavaScript; app.js adds local times, saved
drafts and the live verdict, and the editor bundle (CodeMirror) replaces the source's textarea once the page
has painted.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response

from judge.api.pages import assignments, auth, hiring, invites, similarity, staff, student
from judge.api.pages.templating import render

TITLES = {
    400: "Bad request",
    401: "Sign in needed",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed here",
    409: "Already there",
    410: "No longer open",
    413: "Too large",
    422: "Not valid",
    429: "Too many requests",
    500: "Something went wrong",
    503: "Not available now",
}


def error_page(request: Request, code: int, detail: str) -> Response:
    """An error as a page: what it is, the one sentence the API would give, and a way on; never a trace."""
    from judge.api.pages.viewer import page_viewer_or_none

    viewer = None
    services = getattr(request.app.state, "services", None)
    if services is not None:
        try:
            with services.sessions() as session:
                viewer = page_viewer_or_none(request, session)
        except Exception:  # noqa: BLE001 - the page says what went wrong even when the database is why
            viewer = None
    title = TITLES.get(code, "Error")
    return render(request, "error.html", viewer, status_code=code, title=title, code=code, detail=detail)


def install(app: FastAPI) -> None:
    for module in (auth, student, staff, assignments, invites, hiring, similarity):
        app.include_router(module.router)
    app.state.error_page = error_page
