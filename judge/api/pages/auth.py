"""Signing in and out, and one's own account: the session cookie holds only a server-side session's id."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from judge.api.deps import SessionDep, SettingsDep
from judge.api.pages.templating import render
from judge.api.pages.viewer import MaybeViewerDep, PageViewerDep
from judge.errors import AuthenticationFailed, InvalidRequest, TooManyRequests
from judge.service import accounts
from judge.settings import Settings

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another origin."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def _secure(request: Request, configured: bool | None) -> bool:
    if configured is not None:
        return configured
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


@router.get("/sign-in")
def sign_in_page(request: Request, viewer: MaybeViewerDep, next: str = "/") -> Response:
    if viewer is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "sign_in.html", None, title="Sign in", next=_safe_next(next), login="", error=None)


@router.post("/sign-in")
def sign_in(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    login: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    address = request.client.host if request.client else "unknown"
    try:
        value = accounts.sign_in(session, settings, request.app.state.sign_ins, login, password, address)
    except (AuthenticationFailed, TooManyRequests) as exc:
        code = 429 if isinstance(exc, TooManyRequests) else 401
        response = render(
            request,
            "sign_in.html",
            None,
            status_code=code,
            title="Sign in",
            next=_safe_next(next),
            login=login,
            error=str(exc),
        )
        if isinstance(exc, TooManyRequests):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(request, response, settings, value)
    return response


def set_session_cookie(request: Request, response: Response, settings: Settings, value: str) -> None:
    """The browser's session: its id only, out of scripts' reach, sent on same-site navigation."""
    response.set_cookie(
        accounts.COOKIE,
        value,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=_secure(request, settings.secure_cookies),
        path="/",
    )


@router.post("/sign-out")
def sign_out(request: Request, session: SessionDep) -> Response:
    accounts.sign_out(session, request.cookies.get(accounts.COOKIE))
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(accounts.COOKIE, path="/")
    return response


@router.get("/account")
def account(request: Request, viewer: PageViewerDep) -> Response:
    return render(request, "account.html", viewer, title="Your account", error=None)


@router.post("/account/password")
def change_password(
    request: Request,
    session: SessionDep,
    viewer: PageViewerDep,
    password: Annotated[str, Form(max_length=1000)],
    current_password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    try:
        accounts.set_password(session, viewer, viewer.name, password, current_password or None)
    except InvalidRequest as exc:
        return render(request, "account.html", viewer, status_code=422, title="Your account", error=str(exc))
    # Every session of the account ended, this one too: sign in again with the new password.
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(accounts.COOKIE, path="/")
    return response


@router.post("/account/sign-out-everywhere")
def sign_out_everywhere(session: SessionDep, viewer: PageViewerDep) -> Response:
    accounts.sign_out_everywhere(session, viewer)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(accounts.COOKIE, path="/")
    return response
