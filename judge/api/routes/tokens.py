"""/api/v1/tokens: one's own named tokens, made, listed and revoked; admins see and revoke anyone's.

A revoked token is refused from the next request on; so is an expired one, and every token of a deactivated
account (PATCH /api/v1/users/{name}).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from judge.api.deps import SessionDep, ViewerDep
from judge.api.errors import responses
from judge.service import users
from judge.service.schemas import TokenCreate, TokenCreated, TokenPublic

router = APIRouter(prefix="/api/v1/tokens", tags=["tokens"])


@router.post("", status_code=201, response_model=TokenCreated, responses=responses(401, 422))
def create(body: TokenCreate, session: SessionDep, viewer: ViewerDep) -> TokenCreated:
    """A new token for the caller, named, with an optional expiry; the token is in the answer, once."""
    return users.create_token(session, viewer, body)


@router.get("", response_model=list[TokenPublic], responses=responses(401, 403))
def list_(
    session: SessionDep,
    viewer: ViewerDep,
    owner: Annotated[str | None, Query(alias="user", description="admins: one user's")] = None,
) -> list[TokenPublic]:
    """The caller's tokens (never their values); every user's, or one user's, for admins."""
    return users.list_tokens(session, viewer, owner)


@router.delete("/{token_id}", status_code=204, responses=responses(401, 404))
def revoke(token_id: str, session: SessionDep, viewer: ViewerDep) -> Response:
    """Revoke one of the caller's tokens (anyone's, for admins): refused from the next request on."""
    users.revoke_token(session, viewer, token_id)
    return Response(status_code=204)
