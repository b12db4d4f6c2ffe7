"""/api/v1/audit: the audit log of staff actions (users, tokens, courses, rejudges), for admins."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from judge.api.deps import CurrentUser, ServicesDep
from judge.api.errors import responses
from judge.service import audit
from judge.db.models import aware

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


class AuditEntryPublic(BaseModel):
    at: dt.datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any]


@router.get("", response_model=list[AuditEntryPublic], responses=responses(401, 403, 422))
def read(services: ServicesDep, user: CurrentUser,
         action: Annotated[str | None, Query(description="e.g. user.create, rejudge.apply")] = None,
         actor: Annotated[str | None, Query(description="who did it")] = None,
         since: Annotated[dt.datetime | None, Query(description="at or after (ISO 8601)")] = None,
         limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[AuditEntryPublic]:
    """Staff actions, newest first (admins)."""
    with services.sessions() as session:
        return [AuditEntryPublic(at=aware(e.at), actor=e.actor, action=e.action, target=e.target, details=e.details)
                for e in audit.entries(session, user, action, actor, since, limit)]
