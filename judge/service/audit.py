"""The audit log: every staff action on users, tokens, courses and rejudges, recorded where it happens.

Written in the same transaction as the action where the action has one (the caller commits), so that an
action and its record stand or fall together.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from judge.db.models import AuditEntry
from judge.service.access import Action, Viewer
from judge.service.schemas import AuditEntryPublic


def record(session: Session, actor: Viewer, action: str, target: str, **details: object) -> None:
    record_as(session, actor.name, action, target, **details)


def record_as(session: Session, actor: str, action: str, target: str, **details: object) -> None:
    """record, by a name that is no viewer's: an applicant tracking system's key ("partner:<name>"), the clock."""
    session.add(AuditEntry(actor=actor, action=action, target=target[:300], details=details))


def entries(
    session: Session,
    viewer: Viewer,
    action: str | None = None,
    actor: str | None = None,
    since: dt.datetime | None = None,
    limit: int = 200,
) -> list[AuditEntryPublic]:
    """Newest first."""
    viewer.require(Action.READ_AUDIT, doing="read the audit log")
    query = select(AuditEntry).order_by(AuditEntry.at.desc()).limit(limit)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    if actor is not None:
        query = query.where(AuditEntry.actor == actor)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    return [
        AuditEntryPublic(at=e.at, actor=e.actor, action=e.action, target=e.target, details=e.details)
        for e in session.scalars(query)
    ]
