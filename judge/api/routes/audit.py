"""/api/v1/audit: the audit log of staff actions (users, tokens, courses, rejudges), for admins."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from judge.api.deps import SessionDep, ViewerDep
from judge.api.errors import responses
from judge.service import audit
from judge.service.schemas import AuditEntryPublic

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("", response_model=list[AuditEntryPublic], responses=responses(401, 403, 422))
def read(
    session: SessionDep,
    viewer: ViewerDep,
    action: Annotated[str | None, Query(description="e.g. user.create, rejudge.apply")] = None,
    actor: Annotated[str | None, Query(description="who did it")] = None,
    since: Annotated[dt.datetime | None, Query(description="at or after (ISO 8601)")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[AuditEntryPublic]:
    """Staff actions, newest first (admins)."""
    return audit.entries(session, viewer, action, actor, since, limit)
