"""Invites to a hiring assessment (an assignment of a hiring course): candidates by name and email, each with
a personal, one-use, expiring link (judge.service.invites). The candidate opens it at /invite/{token}."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from judge.api.deps import SessionDep, SettingsDep, ViewerDep, csv_body
from judge.api.errors import responses
from judge.service import invites
from judge.service.schemas import InviteExpiry, InvitePublic, InvitesCreate, InviteSent

router = APIRouter(prefix="/api/v1", tags=["invites"])
ASSESSMENT = "/courses/{course}/assignments/{assignment}/invites"


@router.post(ASSESSMENT, status_code=201, response_model=list[InviteSent], responses=responses(401, 403, 404, 422))
def create(
    course: str, assignment: str, body: InvitesCreate, session: SessionDep, viewer: ViewerDep, settings: SettingsDep
) -> list[InviteSent]:
    """Invite candidates (instructors of the course): each gets an account of their own and a link, shown here
    once, and mailed when `send` and an SMTP server is configured."""
    return invites.invite(session, viewer, settings, course, assignment, body)


@router.post(
    ASSESSMENT + "/csv",
    status_code=201,
    response_model=list[InviteSent],
    responses=responses(401, 403, 404, 413, 422),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {"schema": {"type": "string"}, "example": "name,email\nAda Lovelace,ada@example.com\n"}
            },
        }
    },
)
async def create_from_csv(
    course: str,
    assignment: str,
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    settings: SettingsDep,
    send: bool = True,
) -> list[InviteSent]:
    """Invite everyone of a CSV (header name,email), all or nothing: every faulty line is named at once."""
    text = await csv_body(request, invites.MAX_CSV, "the CSV")
    people = invites.candidates_from_csv(text)
    create_body = InvitesCreate(candidates=people, send=send)
    return await run_in_threadpool(invites.invite, session, viewer, settings, course, assignment, create_body)


@router.get(ASSESSMENT, response_model=list[InvitePublic], responses=responses(401, 403, 404))
def list_(course: str, assignment: str, session: SessionDep, viewer: ViewerDep) -> list[InvitePublic]:
    """Every invite of the assessment, with its state: open, used, revoked or expired (staff)."""
    return invites.list_invites(session, viewer, course, assignment)


@router.post("/invites/{invite_id}/resend", response_model=InviteSent, responses=responses(401, 403, 404, 422))
def resend(
    invite_id: str, session: SessionDep, viewer: ViewerDep, settings: SettingsDep, send: bool = True
) -> InviteSent:
    """A new link for an unused invite (the old one stops working), mailed again; a new expiry if it had passed."""
    return invites.resend(session, viewer, settings, invite_id, send)


@router.post("/invites/{invite_id}/revoke", status_code=204, responses=responses(401, 403, 404))
def revoke(invite_id: str, session: SessionDep, viewer: ViewerDep) -> Response:
    """The link opens nothing from now on, and the candidate's signed-in sessions end."""
    invites.revoke(session, viewer, invite_id)
    return Response(status_code=204)


@router.put("/invites/{invite_id}/expiry", response_model=InvitePublic, responses=responses(401, 403, 404, 422))
def extend(invite_id: str, body: InviteExpiry, session: SessionDep, viewer: ViewerDep) -> InvitePublic:
    """A new date until which an unused link opens the assessment."""
    return invites.extend(session, viewer, invite_id, body)
