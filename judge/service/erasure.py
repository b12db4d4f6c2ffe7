"""Erasing a person, and giving them what the judge holds about them.

Invariants:
- Erasing a user deletes their account and everything that is theirs: tokens, browser sessions,
  memberships, invites, extensions, window starts, grade corrections, submissions with their sources, results,
  past results and rejudge items; their live-progress lists in Redis; and in the audit log, every mention of
  their login, name or email, replaced by "(erased)". What is left is one audit entry, "user.erase", that
  names no one: who erased, when, and how many submissions went.
- Admins erase anyone but an admin; a course's instructors erase the candidates they invited to it (a
  student's account is the deployment's: an admin erases it).
- The export is what the user could read of their own through the API, in one JSON document, streamed a
  submission at a time so that its size never sits in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from judge.db.models import (
    Assignment,
    AuditEntry,
    Course,
    Invite,
    Membership,
    Submission,
    SubmissionResultRow,
    User,
)
from judge.errors import InvalidRequest, NotFound
from judge.service import audit
from judge.service.access import Viewer, may_erase, result_view
from judge.service.services import Services
from judge.verdicts import SubmissionResult

ERASED = "(erased)"
_CHUNK = 200


def _erasable(session: Session, viewer: Viewer, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name)) if len(name) <= 100 else None
    if user is None:
        raise NotFound(f"no user named {name!r}")
    invited_to = session.scalars(
        select(Assignment.course_id)
        .join(Invite, Invite.assignment_id == Assignment.id)
        .where(Invite.user_id == user.id)
    ).all()
    if not may_erase(viewer, user.role, invited_to):
        if viewer.is_admin:  # they know the account: say why
            raise InvalidRequest("an admin's account is not erased here: make it a user first")
        raise NotFound(f"no candidate named {name!r} invited to a course of yours")
    return user


def erase(session: Session, viewer: Viewer, services: Services, name: str) -> int:
    """Erase the user and all that is theirs; the number of submissions erased."""
    user = _erasable(session, viewer, name)
    identifiers = [v for v in (user.name, user.email, user.display_name, user.id) if v and len(v) >= 3]
    role, login = user.role, user.name
    submissions = list(session.scalars(select(Submission.id).where(Submission.user_id == user.id)))
    for start in range(0, len(submissions), _CHUNK):  # results, past results, rejudge items: by cascade
        session.execute(delete(Submission).where(Submission.id.in_(submissions[start : start + _CHUNK])))
    # Tokens, sessions, memberships, invites, extensions, starts, corrections: by the database's cascades.
    session.execute(delete(User).where(User.id == user.id))
    for entry in session.scalars(select(AuditEntry)).yield_per(500):
        if entry.actor == login:
            entry.actor = ERASED
        if any(i in entry.target for i in identifiers):
            entry.target = ERASED
        if any(i in json.dumps(entry.details, ensure_ascii=False) for i in identifiers):
            entry.details = {"erased": True}
    audit.record(session, viewer, "user.erase", ERASED, role=role.value, submissions=len(submissions))
    session.commit()
    if services.progress is not None:
        services.progress.forget(submissions)
    return len(submissions)


def export(services: Services, viewer: Viewer) -> Iterator[str]:
    """The viewer's own data as one JSON document, in pieces, read in a session of its own (it outlives the
    request's, being streamed)."""
    with services.sessions() as session:
        yield from _export(session, viewer)


def _export(session: Session, viewer: Viewer) -> Iterator[str]:
    user = session.get(User, viewer.id)
    assert user is not None
    account = {
        "login": user.name,
        "display_name": user.display_name,
        "email": user.email,
        "role": user.role.value,
        "created_at": user.created_at.isoformat(),
        "tokens": [
            {"name": t.name, "created_at": t.created_at.isoformat(), "expires_at": _iso(t.expires_at)}
            for t in user.tokens
        ],
        "courses": [
            {"course": slug, "role": role.value, "active": active}
            for slug, role, active in session.execute(
                select(Course.slug, Membership.role, Membership.active)
                .join(Membership, Membership.course_id == Course.id)
                .where(Membership.user_id == user.id)
            ).all()
        ],
        "invites": [
            {"assessment": f"{course}/{slug}", "created_at": i.created_at.isoformat(), "used_at": _iso(i.used_at)}
            for i, slug, course in session.execute(
                select(Invite, Assignment.slug, Course.slug)
                .join(Assignment, Assignment.id == Invite.assignment_id)
                .join(Course, Course.id == Assignment.course_id)
                .where(Invite.user_id == user.id)
            ).all()
        ],
    }
    head = json.dumps({"account": account}, ensure_ascii=False)
    yield head[:-1] + ', "submissions": ['
    query = (
        select(Submission, SubmissionResultRow)
        .outerjoin(SubmissionResultRow, SubmissionResultRow.submission_id == Submission.id)
        .where(Submission.user_id == user.id)
        .order_by(Submission.received_at)
        .execution_options(yield_per=_CHUNK)
    )
    for number, (row, result) in enumerate(session.execute(query)):
        shown: dict[str, Any] | None = None
        if result is not None:
            shown = result_view(viewer, row, SubmissionResult.model_validate(result.result)).model_dump(mode="json")
        item = {
            "id": row.id,
            "problem": row.problem,
            "language": row.language,
            "dialect": row.dialect,
            "received_at": row.received_at.isoformat(),
            "status": row.status.value,
            "examples_only": row.examples_only,
            "source": row.source,
            "result": shown,
        }
        yield ("," if number else "") + json.dumps(item, ensure_ascii=False)
    yield "]}"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
