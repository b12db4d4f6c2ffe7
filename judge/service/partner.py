"""Applicant tracking systems, in the shape of Greenhouse's assessment partner API: the system lists the hiring
course's assessments (list_tests), invites a candidate to one (send_test) and reads how they did
(test_status); when a candidate finishes, and everything they submitted is judged, the system's webhook hears
of it, signed (X-Judge-Signature, HMAC-SHA256 of the body with the key's own secret).

Invariants:
- A partner key belongs to one hiring course and opens only these calls, for that course's assessments: it is
  no user, and no other route takes it. Only its sha256 is stored; its instructors make and revoke it.
- send_test is an invite like any other (judge.service.invites), made by "partner:<name>" in the audit log.
- test_status tells the score only once the candidate finished and nothing of theirs is waiting to be judged.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from judge.db.models import Assignment, AssignmentStart, Course, Invite, PartnerKey, Submission, utcnow
from judge.errors import AuthenticationFailed, NotFound
from judge.service import audit, grades, invites, webhooks
from judge.service.access import Action, Viewer, find_course
from judge.service.schemas import (
    CandidateInvite,
    InvitesCreate,
    PartnerKeyCreate,
    PartnerKeyMade,
    PartnerKeyPublic,
    PartnerSendTest,
    PartnerSent,
    PartnerStatus,
    PartnerTest,
)
from judge.service.services import Services
from judge.settings import Settings
from judge.verdicts import Status

EVENT = "assessment.finished"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _public(row: PartnerKey) -> PartnerKeyPublic:
    return PartnerKeyPublic(
        id=row.id, name=row.name, webhook_url=row.webhook_url, created_at=row.created_at, revoked_at=row.revoked_at
    )


def make_key(session: Session, viewer: Viewer, settings: Settings, slug: str, body: PartnerKeyCreate) -> PartnerKeyMade:
    course = find_course(session, viewer, slug, Action.MANAGE_PARTNERS, "connect applicant tracking systems")
    if body.webhook_url is not None:
        webhooks.check_callback(body.webhook_url, settings.webhook_allow_private)
    key = "jp_" + secrets.token_urlsafe(32)
    row = PartnerKey(
        course_id=course.id,
        name=body.name,
        key_hash=_digest(key),
        webhook_url=body.webhook_url,
        webhook_secret=webhooks.new_secret(),
        created_by=viewer.name,
    )
    session.add(row)
    session.flush()
    audit.record(session, viewer, "partner.key.create", row.id, course=course.slug, name=body.name)
    session.commit()
    return PartnerKeyMade(**_public(row).model_dump(), key=key, webhook_secret=row.webhook_secret)


def list_keys(session: Session, viewer: Viewer, slug: str) -> list[PartnerKeyPublic]:
    course = find_course(session, viewer, slug, Action.MANAGE_PARTNERS, "see applicant tracking systems' keys")
    rows = session.scalars(select(PartnerKey).where(PartnerKey.course_id == course.id).order_by(PartnerKey.created_at))
    return [_public(row) for row in rows]


def revoke_key(session: Session, viewer: Viewer, slug: str, key_id: str) -> None:
    course = find_course(session, viewer, slug, Action.MANAGE_PARTNERS, "revoke applicant tracking systems' keys")
    row = session.get(PartnerKey, key_id)
    if row is None or row.course_id != course.id:
        raise NotFound(f"no key {key_id!r} in {slug}")
    row.revoked_at = row.revoked_at or utcnow()
    audit.record(session, viewer, "partner.key.revoke", row.id, course=course.slug)
    session.commit()


# --- the calls the system makes ------------------------------------------------------------------------


def key_of(session: Session, key: str | None) -> PartnerKey:
    row = session.scalar(select(PartnerKey).where(PartnerKey.key_hash == _digest(key))) if key else None
    if row is None or row.revoked_at is not None:
        raise AuthenticationFailed("a partner key is needed, as the HTTP Basic user name")
    return row


def _assessments(session: Session, key: PartnerKey) -> list[tuple[Assignment, Course]]:
    rows = session.execute(
        select(Assignment, Course)
        .join(Course, Course.id == Assignment.course_id)
        .where(Course.id == key.course_id, Assignment.assessment.is_not(None), Assignment.withdrawn_at.is_(None))
        .order_by(Assignment.release_at, Assignment.slug)
    ).all()
    return [(a, c) for a, c in rows]


def list_tests(session: Session, key: PartnerKey) -> list[PartnerTest]:
    return [
        PartnerTest(partner_test_id=f"{c.slug}/{a.slug}", partner_test_name=a.title)
        for a, c in _assessments(session, key)
    ]


def send_test(session: Session, settings: Settings, key: PartnerKey, body: PartnerSendTest) -> PartnerSent:
    chosen = [(a, c) for a, c in _assessments(session, key) if f"{c.slug}/{a.slug}" == body.partner_test_id]
    if not chosen:
        raise NotFound(f"no test {body.partner_test_id!r}: list_tests names them")
    assignment, course = chosen[0]
    name = (
        " ".join(part for part in (body.candidate.first_name, body.candidate.last_name) if part) or body.candidate.email
    )
    made = invites.invite_to(
        session,
        f"partner:{key.name}",
        settings,
        course,
        assignment,
        InvitesCreate(candidates=[CandidateInvite(name=name, email=body.candidate.email)]),
        partner_key_id=key.id,
    )
    return PartnerSent(partner_interview_id=made[0].id, link=made[0].link)


def _report_url(settings: Settings, course: Course, assignment: Assignment, login: str) -> str:
    return f"{settings.public_url.rstrip('/')}/courses/{course.slug}/assignments/{assignment.slug}/report/{login}"


def test_status(session: Session, settings: Settings, key: PartnerKey, interview_id: str) -> PartnerStatus:
    invite = session.get(Invite, interview_id)
    if invite is None or invite.partner_key_id != key.id:
        raise NotFound(f"no interview {interview_id!r} of this key")
    return _status(session, settings, invite)


def _status(session: Session, settings: Settings, invite: Invite) -> PartnerStatus:
    assignment = session.get(Assignment, invite.assignment_id)
    assert assignment is not None
    course = session.get(Course, assignment.course_id)
    assert course is not None
    start = session.get(AssignmentStart, (assignment.id, invite.user_id))
    state = invites.state_of(invite)
    status = {"open": "sent", "used": "in_progress", "revoked": "revoked", "expired": "expired"}[state]
    score = None
    if start is not None and start.finished_at is not None and not _waiting(session, assignment, invite.user_id):
        status = "complete"
        rows, _ = grades.book_of(session, course)
        for row in rows:
            if row.name == invite.user.name:
                graded = next((g for g in row.assignments if g.slug == assignment.slug), None)
                if graded is not None and graded.points:
                    score = round(100 * graded.earned / graded.points, 2)
    return PartnerStatus(
        partner_interview_id=invite.id,
        partner_status=status,  # type: ignore[arg-type]
        partner_score=score,
        partner_profile_url=_report_url(settings, course, assignment, invite.user.name),
        metadata={"candidate": invite.user.name, "assessment": f"{course.slug}/{assignment.slug}"},
    )


def _waiting(session: Session, assignment: Assignment, user_id: str) -> bool:
    return (
        session.scalar(
            select(Submission.id)
            .where(
                Submission.assignment_id == assignment.id,
                Submission.user_id == user_id,
                Submission.status != Status.FINISHED,
            )
            .limit(1)
        )
        is not None
    )


# --- the webhook -----------------------------------------------------------------------------------------


def due_notifications(services: Services) -> list[str]:
    """The invites whose system should now hear that the candidate finished (each marked, so told once; the
    delivery itself is retried). Their ids, for the delivery task."""
    due = []
    with services.sessions() as session:
        rows = session.execute(
            select(Invite, AssignmentStart)
            .join(PartnerKey, PartnerKey.id == Invite.partner_key_id)
            .join(
                AssignmentStart,
                (AssignmentStart.assignment_id == Invite.assignment_id) & (AssignmentStart.user_id == Invite.user_id),
            )
            .where(
                PartnerKey.webhook_url.is_not(None),
                PartnerKey.revoked_at.is_(None),
                AssignmentStart.finished_at.is_not(None),
                AssignmentStart.partner_notified_at.is_(None),
            )
        ).all()
        for invite, start in rows:
            assignment = session.get(Assignment, invite.assignment_id)
            if assignment is None or _waiting(session, assignment, invite.user_id):
                continue
            start.partner_notified_at = utcnow()
            due.append(invite.id)
        session.commit()
    return due


def delivery(services: Services, invite_id: str) -> tuple[str, str, dict] | None:
    """(URL, secret, body) of the webhook of one finished candidate, or None if there is none to send."""
    with services.sessions() as session:
        invite = session.get(Invite, invite_id)
        key = session.get(PartnerKey, invite.partner_key_id) if invite and invite.partner_key_id else None
        if invite is None or key is None or key.webhook_url is None or key.revoked_at is not None:
            return None
        body = {"event": EVENT, **_status(session, services.settings, invite).model_dump(mode="json")}
        return key.webhook_url, key.webhook_secret, body
