"""/api/v1/users: admins add users, instructors add students; the new token is in the response, once."""

from __future__ import annotations

from fastapi import APIRouter

from judge.api.deps import CurrentUser, ServicesDep
from judge.api.errors import responses
from judge.api.schemas import UserCreate, UserCreated, UserPublic, UserUpdate
from judge.service.users import create_user_as, set_user_active

router = APIRouter(prefix="/api/v1/users", tags=["users"])


@router.post("", status_code=201, response_model=UserCreated, responses=responses(401, 403, 409, 422))
def create(body: UserCreate, services: ServicesDep, user: CurrentUser) -> UserCreated:
    """Add a user (admins: any role; instructors: students). A name that exists already is a 409."""
    with services.sessions() as session:
        created, token = create_user_as(session, user, body.name, body.role)
        return UserCreated(name=created.name, role=created.role, token=token)


@router.patch("/{name}", response_model=UserPublic, responses=responses(401, 403, 404, 422))
def update(name: str, body: UserUpdate, services: ServicesDep, user: CurrentUser) -> UserPublic:
    """Deactivate (or reactivate) an account (admins): a deactivated user's tokens stop working at once."""
    with services.sessions() as session:
        changed = set_user_active(session, user, name, body.active)
        return UserPublic(name=changed.name, role=changed.role, active=changed.active)
