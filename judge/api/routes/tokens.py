"""/api/v1/tokens: one's own named tokens, made, listed and revoked; admins see and revoke anyone's.

A revoked token is refused from the next request on; so is an expired one, and every token of a deactivated
account (PATCH /api/v1/users/{name}).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from judge.api.deps import CurrentUser, ServicesDep
from judge.api.errors import responses
from judge.api.schemas import TokenCreate, TokenCreated, TokenPublic
from judge.db.models import aware
from judge.service.users import create_token, list_tokens, revoke_token

router = APIRouter(prefix="/api/v1/tokens", tags=["tokens"])


@router.post("", status_code=201, response_model=TokenCreated, responses=responses(401, 422))
def create(body: TokenCreate, services: ServicesDep, user: CurrentUser) -> TokenCreated:
    """A new token for the caller, named, with an optional expiry; the token is in the answer, once."""
    with services.sessions() as session:
        row, token = create_token(session, user, body.name, body.expires_at)
        return TokenCreated(**_public(row, user.name).model_dump(), token=token)


@router.get("", response_model=list[TokenPublic], responses=responses(401, 403))
def list_(services: ServicesDep, user: CurrentUser,
          owner: Annotated[str | None, Query(alias="user", description="admins: one user's")] = None) -> list[TokenPublic]:
    """The caller's tokens (never their values); every user's, or one user's, for admins."""
    with services.sessions() as session:
        return [_public(row, name) for row, name in list_tokens(session, user, owner)]


@router.delete("/{token_id}", status_code=204, responses=responses(401, 404))
def revoke(token_id: str, services: ServicesDep, user: CurrentUser) -> Response:
    """Revoke one of the caller's tokens (anyone's, for admins): refused from the next request on."""
    with services.sessions() as session:
        revoke_token(session, user, token_id)
    return Response(status_code=204)


def _public(row, owner: str) -> TokenPublic:
    return TokenPublic(id=row.id, user=owner, name=row.name, created_at=aware(row.created_at),
                       expires_at=row.expires_at and aware(row.expires_at))
