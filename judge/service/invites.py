"""Invites: a candidate's personal link to one hiring assessment, with no account to make first.

Invariants:
- An invite makes the candidate's account (role candidate, a login that names no one: `candidate-…`) and
  its membership of the hiring course as a student. A candidate sees the assignments their invites open and
  nothing else: no open bank, no other assignment, no token of their own (judge.service.access).
- The link holds a random token; only its sha256 is stored. Opening the link is a POST from the welcome
  page (a GET changes nothing, so that a mail scanner that follows links spends no invite); it makes the
  candidate's browser session and marks the invite used. A used, revoked or expired invite opens nothing and
  says which (410); an unknown token is a 404.
- Resending makes a new token (the old link stops working) and, past its date, a new expiry; revoking
  ends the candidate's sessions at once. Every change is in the audit log, by invite id and login only.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import secrets

from pydantic import ValidationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from judge.db.models import Assignment, Course, Invite, Membership, User, WebSession, utcnow
from judge.db.roles import MemberRole, Role
from judge.errors import Gone, InvalidRequest, NotFound
from judge.service import accounts, audit, mail
from judge.service.access import Action, Viewer, find_course, sees_candidate_names
from judge.service.courses import assignment_of
from judge.service.schemas import CandidateInvite, InviteExpiry, InvitePublic, InvitesCreate, InviteSent
from judge.settings import Settings

MAX_CSV = 256 * 1024
LINK_PATH = "/invite/"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def state_of(invite: Invite, now: dt.datetime | None = None) -> str:
    if invite.revoked_at is not None:
        return "revoked"
    if invite.used_at is not None:
        return "used"
    return "expired" if invite.expires_at <= (now or utcnow()) else "open"


def _public(invite: Invite, course: Course, assignment: Assignment) -> InvitePublic:
    user = invite.user
    return InvitePublic(
        id=invite.id,
        candidate=user.name,
        name=user.display_name,
        email=user.email,
        assessment=f"{course.slug}/{assignment.slug}",
        state=state_of(invite),  # type: ignore[arg-type]
        expires_at=invite.expires_at,
        used_at=invite.used_at,
        mailed_at=invite.mailed_at,
        created_at=invite.created_at,
    )


def _link(settings: Settings, token: str) -> str:
    return settings.public_url.rstrip("/") + LINK_PATH + token


def _mail_for(user: User, assignment: Assignment, link: str, expires_at: dt.datetime) -> mail.Mail:
    minutes = (
        f" You will have {assignment.window_minutes} minutes from when you start." if assignment.window_minutes else ""
    )
    body = (
        f"Hello {user.display_name},\n\n"
        f"You are invited to the assessment {assignment.title!r}.{minutes}\n"
        f"Your personal link (it opens once, until {expires_at:%Y-%m-%d %H:%M} UTC; do not share it):\n\n"
        f"{link}\n"
    )
    return mail.Mail(user.display_name or user.name, user.email or "", f"Your assessment: {assignment.title}", body)


def _send(settings: Settings, sent: list[tuple[Invite, User, Assignment, str]]) -> list[str | None]:
    outcomes = mail.send_all(settings, [_mail_for(u, a, _link(settings, t), i.expires_at) for i, u, a, t in sent])
    now = utcnow()
    for (invite, *_), outcome in zip(sent, outcomes):
        if outcome is None:
            invite.mailed_at = now
    return outcomes


def invite(
    session: Session, viewer: Viewer, settings: Settings, slug: str, assignment_slug: str, body: InvitesCreate
) -> list[InviteSent]:
    """An invite per candidate, each with its link; mailed if asked and a server is configured."""
    course = find_course(session, viewer, slug, Action.SEND_INVITES, "invite candidates")
    assignment = assignment_of(session, course, assignment_slug)
    return invite_to(session, viewer.name, settings, course, assignment, body)


def invite_to(
    session: Session,
    actor: str,
    settings: Settings,
    course: Course,
    assignment: Assignment,
    body: InvitesCreate,
    partner_key_id: str | None = None,
) -> list[InviteSent]:
    """invite, once the caller is known to be allowed (`actor`: who, for the audit log; a partner key's
    invites carry its id, so that the applicant tracking system can ask after them)."""
    if assignment.withdrawn_at is not None:
        raise InvalidRequest(f"{assignment.slug} is withdrawn: restore it before inviting")
    expires_at = utcnow() + dt.timedelta(days=body.days or settings.invite_days)
    made: list[tuple[Invite, User, Assignment, str]] = []
    for candidate in body.candidates:
        user = User(
            name=f"candidate-{secrets.token_hex(5)}",
            role=Role.CANDIDATE,
            email=candidate.email,
            display_name=candidate.name,
        )
        session.add(user)
        session.flush()
        session.add(Membership(course_id=course.id, user_id=user.id, role=MemberRole.STUDENT, active=True))
        token = secrets.token_urlsafe(32)
        row = Invite(
            assignment_id=assignment.id,
            user_id=user.id,
            token_hash=_digest(token),
            expires_at=expires_at,
            created_by=actor,
            seed=secrets.randbelow(2**31),  # the candidate's variant of each seeded problem
            partner_key_id=partner_key_id,
        )
        session.add(row)
        session.flush()
        audit.record_as(
            session, actor, "invite.create", row.id, candidate=user.name, assessment=f"{course.slug}/{assignment.slug}"
        )
        made.append((row, user, assignment, token))
    outcomes = _send(settings, made) if body.send else [None] * len(made)
    session.commit()
    return [
        InviteSent(
            **_public(row, course, assignment).model_dump(),
            link=_link(settings, token),
            mailed=body.send and outcome is None,
            mail_error=outcome if body.send else None,
        )
        for (row, _, _, token), outcome in zip(made, outcomes)
    ]


def candidates_from_csv(text: str) -> list[CandidateInvite]:
    """`name,email` rows under that header: every row's fault at once, or the candidates."""
    if len(text) > MAX_CSV:
        raise InvalidRequest(f"a CSV of invites is at most {MAX_CSV // 1024} KiB")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [h.strip().lower() for h in rows[0]] != ["name", "email"]:
        raise InvalidRequest("the first line of the CSV is name,email")
    candidates, faults = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            faults.append(f"line {number}: two fields, name and email")
            continue
        try:
            candidates.append(CandidateInvite(name=row[0].strip(), email=row[1].strip()))
        except ValidationError as exc:
            faults += [f"line {number}: {e['loc'][0]}: {e['msg']}" for e in exc.errors()]
    if faults:
        raise InvalidRequest("; ".join(faults))
    if not candidates:
        raise InvalidRequest("the CSV names no candidate")
    return candidates


def list_invites(session: Session, viewer: Viewer, slug: str, assignment_slug: str) -> list[InvitePublic]:
    course = find_course(session, viewer, slug, Action.LIST_INVITES, "see invites")
    assignment = assignment_of(session, course, assignment_slug)
    rows = session.scalars(select(Invite).where(Invite.assignment_id == assignment.id).order_by(Invite.created_at))
    named = sees_candidate_names(viewer, course.id, bool((assignment.assessment or {}).get("blind")))
    listed = [_public(row, course, assignment) for row in rows]
    return listed if named else [row.model_copy(update={"name": None, "email": None}) for row in listed]


def _managed(session: Session, viewer: Viewer, invite_id: str) -> tuple[Invite, Course, Assignment]:
    """The invite, if the viewer may manage its course's invites (NotFound otherwise, so as not to confirm it)."""
    row = session.get(Invite, invite_id) if len(invite_id) <= 32 else None
    assignment = session.get(Assignment, row.assignment_id) if row else None
    course = session.get(Course, assignment.course_id) if assignment else None
    if row is None or assignment is None or course is None or not viewer.may(Action.LIST_INVITES, course.id):
        raise NotFound(f"no invite {invite_id!r}")
    viewer.require(Action.SEND_INVITES, course.id, "change invites")
    return row, course, assignment


def resend(session: Session, viewer: Viewer, settings: Settings, invite_id: str, send: bool = True) -> InviteSent:
    """A new link for an invite that is not used (the old one stops working); a new expiry if it had passed."""
    row, course, assignment = _managed(session, viewer, invite_id)
    if row.used_at is not None:
        raise InvalidRequest("this invite was used: the candidate is in; extend their time instead")
    token = secrets.token_urlsafe(32)
    row.token_hash, row.revoked_at = _digest(token), None
    if row.expires_at <= utcnow():
        row.expires_at = utcnow() + dt.timedelta(days=settings.invite_days)
    outcome = _send(settings, [(row, row.user, assignment, token)])[0] if send else None
    audit.record(session, viewer, "invite.resend", row.id, candidate=row.user.name)
    session.commit()
    return InviteSent(
        **_public(row, course, assignment).model_dump(),
        link=_link(settings, token),
        mailed=send and outcome is None,
        mail_error=outcome if send else None,
    )


def revoke(session: Session, viewer: Viewer, invite_id: str) -> None:
    """The link opens nothing from now on, and the candidate's sessions end."""
    row, _, _ = _managed(session, viewer, invite_id)
    row.revoked_at = row.revoked_at or utcnow()
    session.execute(delete(WebSession).where(WebSession.user_id == row.user_id))
    audit.record(session, viewer, "invite.revoke", row.id, candidate=row.user.name)
    session.commit()


def extend(session: Session, viewer: Viewer, invite_id: str, body: InviteExpiry) -> InvitePublic:
    row, course, assignment = _managed(session, viewer, invite_id)
    expires_at = body.expires_at if body.expires_at.tzinfo else body.expires_at.replace(tzinfo=dt.timezone.utc)
    if expires_at <= utcnow():
        raise InvalidRequest("a new expiry is in the future")
    row.expires_at = expires_at
    audit.record(session, viewer, "invite.extend", row.id, expires_at=expires_at.isoformat())
    session.commit()
    return _public(row, course, assignment)


def _by_token(session: Session, token: str) -> Invite:
    row = session.scalar(select(Invite).where(Invite.token_hash == _digest(token))) if 20 <= len(token) <= 100 else None
    if row is None:
        raise NotFound("this is not an invite link: check that it was copied whole")
    state = state_of(row)
    if state == "used":
        raise Gone("this link was used already: it opens once. If that was not you, tell whoever invited you")
    if state == "revoked":
        raise Gone("this invite was withdrawn: ask whoever invited you")
    if state == "expired":
        raise Gone(f"this link expired at {row.expires_at:%Y-%m-%d %H:%M} UTC: ask whoever invited you to resend it")
    return row


def welcome(session: Session, token: str) -> tuple[Invite, Assignment, Course]:
    """What the welcome page shows: the invite (unspent), its assessment and course. Changes nothing."""
    row = _by_token(session, token)
    assignment = session.get(Assignment, row.assignment_id)
    assert assignment is not None
    course = session.get(Course, assignment.course_id)
    assert course is not None
    return row, assignment, course


def redeem(session: Session, settings: Settings, token: str) -> tuple[str, Course]:
    """Spend the invite: (the candidate's new session cookie value, the course to send them to)."""
    row, _, course = welcome(session, token)
    if not row.user.active:
        raise Gone("this invite was withdrawn: ask whoever invited you")
    # One use, even for two clicks at once: only the update that finds it unspent spends it.
    spent = session.execute(
        update(Invite).where(Invite.id == row.id, Invite.used_at.is_(None)).values(used_at=utcnow())
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Gone("this link was used already: it opens once. If that was not you, tell whoever invited you")
    return accounts.open_session(session, settings, row.user), course  # commits the use with the session
