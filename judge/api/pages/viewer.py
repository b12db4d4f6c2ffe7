"""Who is looking at a page: the signed-in browser's user, from its session cookie only.

Pages never take a bearer token (a browser does not send one), and a page asked for without a session
sends the browser to the sign-in page, then back.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request

from judge.api.deps import SessionDep
from judge.errors import JudgeError
from judge.service import accounts
from judge.service.access import Viewer, viewer_for


class SignInNeeded(JudgeError):
    """A page needs a signed-in browser; errors.py answers it with a redirect to the sign-in page."""

    def __init__(self, back_to: str):
        super().__init__("sign in to see this page")
        self.location = f"/sign-in?next={quote(back_to, safe='/')}"


def page_viewer_or_none(request: Request, session: SessionDep) -> Viewer | None:
    user = accounts.session_user(session, request.cookies.get(accounts.COOKIE))
    viewer = viewer_for(session, user) if user else None
    session.commit()
    return viewer


async def page_viewer(request: Request, viewer: Annotated[Viewer | None, Depends(page_viewer_or_none)]) -> Viewer:
    if viewer is None:
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeeded(back)
    return viewer


PageViewerDep = Annotated[Viewer, Depends(page_viewer)]
MaybeViewerDep = Annotated[Viewer | None, Depends(page_viewer_or_none)]
