"""Users and their bearer tokens. Tokens are shown once and stored only as hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from judge.db.models import ApiToken, Role, User, aware
from judge.service import audit
from judge.errors import AlreadyExists, AuthenticationFailed, InvalidRequest, NotFound, PermissionDenied

ADMIN_NAME = "admin"
ADMIN_TOKEN_NAME = "JUDGE_ADMIN_TOKEN"
# The token the README and compose.yaml name: fine on one's own machine, refused anywhere else.
DEFAULT_ADMIN_TOKEN = "judge-local-admin-token"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(session: Session, name: str, role: Role, token: str | None = None,
                commit: bool = True) -> tuple[User, str]:
    """A new user with a new token; returns the token, which is not stored."""
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise AlreadyExists(f"a user named {name!r} exists already")
    user = User(name=name, role=role, active=True)
    token = token or secrets.token_urlsafe(32)
    session.add_all([user, ApiToken(user=user, token_hash=hash_token(token))])
    if commit:
        session.commit()
    else:
        session.flush()
    return user, token


def add_token(session: Session, user: User) -> str:
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(user=user, token_hash=hash_token(token)))
    session.commit()
    return token


def authenticate(session: Session, token: str | None) -> User:
    if not token:
        raise AuthenticationFailed("send a token: Authorization: Bearer <token>")
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None:
        raise AuthenticationFailed("the token is not valid")
    if not row.user.active:
        raise AuthenticationFailed("this account is deactivated")
    if row.expires_at is not None and aware(row.expires_at) <= dt.datetime.now(dt.timezone.utc):
        raise AuthenticationFailed(f"this token expired at {aware(row.expires_at).isoformat()}")
    return row.user


def set_user_active(session: Session, actor: User, name: str, active: bool) -> User:
    """Admins (de)activate an account: a deactivated user's tokens stop working on their next request."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied("only admins can deactivate accounts")
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"no user named {name!r}")
    user.active = active
    if not active:  # and every token of theirs goes: reactivating them means handing out new ones
        session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    audit.record(session, actor, "user.activate" if active else "user.deactivate", name)
    session.commit()
    return user


# --- tokens ------------------------------------------------------------------------------------------------

def create_token(session: Session, user: User, name: str, expires_at: dt.datetime | None) -> tuple[ApiToken, str]:
    """A new token for the user; returns it, which is not stored (its hash is)."""
    if name == ADMIN_TOKEN_NAME:
        raise InvalidRequest(f"{ADMIN_TOKEN_NAME} is the name of the token the deployment sets")
    token = secrets.token_urlsafe(32)
    row = ApiToken(user=user, token_hash=hash_token(token), name=name, expires_at=expires_at)
    session.add(row)
    audit.record(session, user, "token.create", user.name, name=name,
                 expires_at=expires_at.isoformat() if expires_at else None)
    session.commit()
    return row, token


def list_tokens(session: Session, actor: User, owner_name: str | None = None) -> list[tuple[ApiToken, str]]:
    """Tokens (never their values) with their owners' names: one's own; anyone's, or one user's, for admins."""
    query = select(ApiToken, User.name).join(User, ApiToken.user_id == User.id).order_by(User.name, ApiToken.created_at)
    if actor.role != Role.ADMIN:
        if owner_name is not None and owner_name != actor.name:
            raise PermissionDenied("you can list only your own tokens")
        query = query.where(ApiToken.user_id == actor.id)
    elif owner_name is not None:
        query = query.where(User.name == owner_name)
    return list(session.execute(query).all())


def revoke_token(session: Session, actor: User, token_id: str) -> None:
    """Revoke a token of one's own, or anyone's as an admin: it is refused from the next request on."""
    row = session.get(ApiToken, token_id)
    if row is None or (row.user_id != actor.id and actor.role != Role.ADMIN):
        raise NotFound(f"no token {token_id} of yours")
    audit.record(session, actor, "token.revoke", row.user.name, name=row.name)
    session.delete(row)
    session.commit()



def ensure_admin(session: Session, token: str) -> User:
    """The admin named ADMIN_NAME exists and holds this token and no other (JUDGE_ADMIN_TOKEN).

    So setting a new token retires the old one at the next start. Other admins and their tokens are untouched.
    """
    digest = hash_token(token)
    admin = session.scalar(select(User).where(User.name == ADMIN_NAME))
    if admin is None:
        admin = create_user(session, ADMIN_NAME, Role.ADMIN, token, commit=False)[0]
        admin.tokens[0].name = ADMIN_TOKEN_NAME
        session.commit()
        return admin
    session.execute(delete(ApiToken).where(ApiToken.user_id == admin.id, ApiToken.name == ADMIN_TOKEN_NAME,
                                           ApiToken.token_hash != digest))
    if session.scalar(select(ApiToken).where(ApiToken.token_hash == digest)) is None:
        session.add(ApiToken(user=admin, token_hash=digest, name=ADMIN_TOKEN_NAME))
    session.commit()
    return admin


def retire_token(session: Session, token: str) -> None:
    """No one can use this token any more."""
    session.execute(delete(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    session.commit()


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def create_user_as(session: Session, actor: User, name: str, role: Role) -> tuple[User, str]:
    """`actor` adds a user: admins any, instructors students only (their cohort). Returns it and its token."""
    if actor.role == Role.INSTRUCTOR and role != Role.STUDENT:
        raise PermissionDenied("instructors can add students only")
    if actor.role not in (Role.ADMIN, Role.INSTRUCTOR):
        raise PermissionDenied("only admins and instructors can add users")
    created = create_user(session, name, role, commit=False)
    audit.record(session, actor, "user.create", name, role=role.value)
    session.commit()
    return created


def names_by_id(session: Session, ids) -> dict[str, str]:
    """The names of these users, by id (for showing whose a submission is)."""
    ids = set(ids)
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())
