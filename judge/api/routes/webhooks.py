"""/api/v1/webhooks/secret: the key that signs the caller's webhooks, to check X-Judge-Signature with."""

from __future__ import annotations

from fastapi import APIRouter

from judge.api.deps import CurrentUser, ServicesDep
from judge.api.errors import responses
from judge.api.schemas import WebhookSecret
from judge.db.models import User
from judge.service.webhooks import new_secret

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])


@router.get("/secret", response_model=WebhookSecret, responses=responses(401))
def secret(services: ServicesDep, user: CurrentUser) -> WebhookSecret:
    """The caller's signing key (made now if they had none): the body of each of their webhooks is signed with it."""
    with services.sessions() as session:
        stored = session.get(User, user.id)
        if stored.webhook_secret is None:
            stored.webhook_secret = new_secret()
            session.commit()
        return WebhookSecret(secret=stored.webhook_secret)
