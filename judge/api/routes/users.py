"""/api/v1/users: admins add users, instructors add students; the new token is in the response, once."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from judge.api.deps import ServicesDep, SessionDep, ViewerDep
from judge.api.errors import responses
from judge.service import accounts, erasure, users
from judge.service.schemas import PasswordSet, UserCreate, UserCreated, UserPublic, UserUpdate

router = APIRouter(prefix="/api/v1/users", tags=["users"])


@router.post("", status_code=201, response_model=UserCreated, responses=responses(401, 403, 409, 422))
def create(body: UserCreate, session: SessionDep, viewer: ViewerDep) -> UserCreated:
    """Add a user (admins: any role; instructors: students). A name that exists already is a 409."""
    return users.create_user_as(session, viewer, body)


@router.post("/{name}/token", status_code=201, response_model=UserCreated, responses=responses(401, 404, 422))
def reset_token(name: str, session: SessionDep, viewer: ViewerDep) -> UserCreated:
    """Replace a user's lost token (admins; instructors for the students of their courses): every token of theirs
    is revoked, and the new one is in the answer, once."""
    return users.reset_token(session, viewer, name)


@router.patch("/{name}", response_model=UserPublic, responses=responses(401, 403, 404, 422))
def update(name: str, body: UserUpdate, session: SessionDep, viewer: ViewerDep) -> UserPublic:
    """Deactivate (or reactivate) an account (admins): a deactivated user's tokens stop working at once."""
    return users.set_user_active(session, viewer, name, body.active)


@router.put("/{name}/password", status_code=204, responses=responses(401, 404, 422))
def set_password(name: str, body: PasswordSet, session: SessionDep, viewer: ViewerDep) -> None:
    """Set a user's password for the web pages (admins; instructors for the students of their courses; anyone
    their own, with the current one): every browser session of theirs ends."""
    accounts.set_password(session, viewer, name, body.password, body.current_password)


@router.get(
    "/me/data",
    responses={**responses(401), 200: {"content": {"application/json": {}}, "description": "everything of yours"}},
)
def my_data(viewer: ViewerDep, services: ServicesDep) -> StreamingResponse:
    """Everything the judge holds about you, as one JSON document: your account, tokens (names and dates),
    courses, invites, and every submission with its source and the result as you may read it."""
    return StreamingResponse(
        erasure.export(services, viewer),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{viewer.name}-data.json"', "Cache-Control": "no-store"},
    )


@router.delete("/{name}", status_code=204, responses=responses(401, 404, 422))
def erase(name: str, session: SessionDep, viewer: ViewerDep, services: ServicesDep) -> Response:
    """Erase a user and everything that is theirs: account, tokens, sessions, invites, submissions, sources and
    results, and every mention in the audit log (admins: anyone but an admin; instructors: the candidates they
    invited). One audit entry says it was done, naming no one."""
    erasure.erase(session, viewer, services, name)
    return Response(status_code=204)
