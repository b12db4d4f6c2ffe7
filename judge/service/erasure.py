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

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from judge.db.models import (
    Assignment,
    AuditEntry,
    Course,
    Draft,
    Invite,
    Membership,
    Submission,
    SubmissionResultRow,
    User,
    utcnow,
)
from judge.db.roles import Role
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
    return erase_user(session, services, _erasable(session, viewer, name), viewer.name)


def erase_user(session: Session, services: Services, user: User, actor: str) -> int:
    """erase, once the caller may (`actor`: who, for the one audit entry left; "retention" for the scheduler)."""
    identifiers = [v for v in (user.name, user.email, user.display_name, user.id) if v and len(v) >= 3]
    role, login = user.role, user.name
    submissions = list(session.scalars(select(Submission.id).where(Submission.user_id == user.id)))
    for start in range(0, len(submissions), _CHUNK):  # results, past results, rejudge items: by cascade
        session.execute(delete(Submission).where(Submission.id.in_(submissions[start : start + _CHUNK])))
    # Tokens, sessions, memberships, invites, extensions, starts, corrections, drafts, scorecards: by cascades.
    session.execute(delete(User).where(User.id == user.id))
    for entry in session.scalars(select(AuditEntry)).yield_per(500):
        if entry.actor == login:
            entry.actor = ERASED
        if any(i in entry.target for i in identifiers):
            entry.target = ERASED
        if any(i in json.dumps(entry.details, ensure_ascii=False) for i in identifiers):
            entry.details = {"erased": True}
    audit.record_as(session, actor, "user.erase", ERASED, role=role.value, submissions=len(submissions))
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
    number = -1
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
    yield '], "drafts": ['
    drafts = select(Draft).where(Draft.user_id == user.id).order_by(Draft.saved_at).execution_options(yield_per=_CHUNK)
    for number, draft in enumerate(session.scalars(drafts)):
        item = {
            "problem": draft.problem,
            "saved_at": draft.saved_at.isoformat(),
            "pasted_chars": draft.pasted_chars,
            "source": draft.source,
        }
        yield ("," if number else "") + json.dumps(item, ensure_ascii=False)
    yield "]}"


def apply_retention(services: Services, now: dt.datetime | None = None) -> int:
    """The sweeper's part: each assessment's retention setting, once it is due (days after the assessment
    closed): its candidates anonymised (name and email forgotten, scores kept under the login) or erased. The
    number of candidates it changed."""
    now = now or utcnow()
    changed = 0
    with services.sessions() as session:
        for assignment in session.scalars(select(Assignment).where(Assignment.assessment.is_not(None))).all():
            retention = (assignment.assessment or {}).get("retention")
            if not retention or assignment.due_at + dt.timedelta(days=retention["days"]) > now:
                continue
            users = session.scalars(
                select(User)
                .join(Invite, Invite.user_id == User.id)
                .where(Invite.assignment_id == assignment.id, User.role == Role.CANDIDATE)
            ).all()
            for user in users:
                if retention["action"] == "delete":
                    erase_user(session, services, user, "retention")
                    changed += 1
                elif user.anonymised_at is None:
                    _anonymise(session, user, now)
                    changed += 1
            session.commit()
    return changed


def _anonymise(session: Session, user: User, now: dt.datetime) -> None:
    identifiers = [v for v in (user.email, user.display_name) if v and len(v) >= 3]
    user.display_name, user.email, user.anonymised_at = None, None, now
    session.execute(delete(Draft).where(Draft.user_id == user.id))  # how they wrote it is theirs, not a score
    for entry in session.scalars(select(AuditEntry)).yield_per(500):
        if any(i in entry.target for i in identifiers):
            entry.target = ERASED
        if any(i in json.dumps(entry.details, ensure_ascii=False) for i in identifiers):
            entry.details = {"erased": True}
    audit.record_as(session, "retention", "user.anonymise", user.name)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
