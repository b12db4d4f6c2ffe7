"""/api/v1/webhooks/secret: the key that signs the caller's webhooks, to check X-Judge-Signature with."""

from __future__ import annotations

from fastapi import APIRouter

from judge.api.deps import SessionDep, ViewerDep
from judge.api.errors import responses
from judge.service import users
from judge.service.schemas import WebhookSecret

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])


@router.get("/secret", response_model=WebhookSecret, responses=responses(401))
def secret(session: SessionDep, viewer: ViewerDep) -> WebhookSecret:
    """The caller's signing key (made now if they had none): the body of each of their webhooks is signed with it."""
    return users.webhook_secret(session, viewer)
