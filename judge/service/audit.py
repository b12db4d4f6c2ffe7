"""The audit log: every staff action on users, tokens, courses and rejudges, recorded where it happens.

Written in the same transaction as the action where the action has one (the caller commits), so that an
action and its record stand or fall together.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from judge.db.models import AuditEntry, User
from judge.db.roles import Role
from judge.errors import PermissionDenied


def record(session: Session, actor: User, action: str, target: str, **details) -> None:
    session.add(AuditEntry(actor=actor.name, action=action, target=target[:300], details=details))


def entries(session: Session, reader: User, action: str | None = None, actor: str | None = None,
            since: dt.datetime | None = None, limit: int = 200) -> list[AuditEntry]:
    """Newest first; admins only."""
    if reader.role != Role.ADMIN:
        raise PermissionDenied("only admins read the audit log")
    query = select(AuditEntry).order_by(AuditEntry.at.desc()).limit(limit)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    if actor is not None:
        query = query.where(AuditEntry.actor == actor)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    return list(session.scalars(query))
