"""Applicant tracking systems (judge.service.partner): the hiring course's instructors make a partner key
(/api/v1/courses/{course}/partner-keys); the system calls /api/v1/partner/greenhouse/* with it as the HTTP
Basic user name (Greenhouse's assessment partner API: list_tests, send_test, test_status)."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session

from judge.api.deps import SessionDep, SettingsDep, ViewerDep, get_session
from judge.api.errors import responses
from judge.db.models import PartnerKey
from judge.service import partner
from judge.service.schemas import (
    PartnerKeyCreate,
    PartnerKeyMade,
    PartnerKeyPublic,
    PartnerSendTest,
    PartnerSent,
    PartnerStatus,
    PartnerTest,
)

router = APIRouter(prefix="/api/v1", tags=["partner"])


@router.post(
    "/courses/{course}/partner-keys",
    status_code=201,
    response_model=PartnerKeyMade,
    responses=responses(401, 403, 404, 422),
)
def make_key(
    course: str, body: PartnerKeyCreate, session: SessionDep, viewer: ViewerDep, settings: SettingsDep
) -> PartnerKeyMade:
    """A key for an applicant tracking system to this hiring course (instructors); shown this once."""
    return partner.make_key(session, viewer, settings, course, body)


@router.get("/courses/{course}/partner-keys", response_model=list[PartnerKeyPublic], responses=responses(401, 403, 404))
def list_keys(course: str, session: SessionDep, viewer: ViewerDep) -> list[PartnerKeyPublic]:
    """The course's partner keys, without the keys themselves (instructors)."""
    return partner.list_keys(session, viewer, course)


@router.delete("/courses/{course}/partner-keys/{key_id}", status_code=204, responses=responses(401, 403, 404))
def revoke_key(course: str, key_id: str, session: SessionDep, viewer: ViewerDep) -> Response:
    """The key opens nothing from now on, and its webhook stops (instructors)."""
    partner.revoke_key(session, viewer, course, key_id)
    return Response(status_code=204)


def partner_key(request: Request, session: Annotated[Session, Depends(get_session)]) -> PartnerKey:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    user = None
    if scheme.lower() == "basic":
        try:
            user = base64.b64decode(value, validate=True).decode("utf-8").partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            user = None
    return partner.key_of(session, user)


KeyDep = Annotated[PartnerKey, Depends(partner_key)]
G = "/partner/greenhouse"


@router.get(G + "/list_tests", response_model=list[PartnerTest], responses=responses(401))
def list_tests(session: SessionDep, key: KeyDep) -> list[PartnerTest]:
    """The hiring course's assessments."""
    return partner.list_tests(session, key)


@router.post(G + "/send_test", response_model=PartnerSent, responses=responses(401, 404, 422))
def send_test(body: PartnerSendTest, session: SessionDep, settings: SettingsDep, key: KeyDep) -> PartnerSent:
    """Invite a candidate to an assessment: their link is mailed (when SMTP is configured) and returned."""
    return partner.send_test(session, settings, key, body)


@router.get(G + "/test_status", response_model=PartnerStatus, responses=responses(401, 404))
def test_status(partner_interview_id: str, session: SessionDep, settings: SettingsDep, key: KeyDep) -> PartnerStatus:
    """How an invited candidate stands: sent, in progress, complete (with the score), expired or revoked."""
    return partner.test_status(session, settings, key, partner_interview_id)
