"""Users and their bearer tokens. Tokens are shown once and stored only as hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from judge.db.models import ApiToken, Membership, Role, User, WebSession
from judge.db.roles import MemberRole
from judge.errors import AlreadyExists, AuthenticationFailed, InvalidRequest, NotFound, PermissionDenied
from judge.service import audit, logins
from judge.service.access import Action, Viewer, may_make_tokens
from judge.service.schemas import (
    TokenCreate,
    TokenCreated,
    TokenPublic,
    UserCreate,
    UserCreated,
    UserPublic,
    WebhookSecret,
)

ADMIN_NAME = "admin"
ADMIN_TOKEN_NAME = "JUDGE_ADMIN_TOKEN"
# The token the README and compose.yaml name: fine on one's own machine, refused anywhere else.
DEFAULT_ADMIN_TOKEN = "judge-local-admin-token"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(
    session: Session, name: str, role: Role, token: str | None = None, commit: bool = True
) -> tuple[User, str]:
    """A new user with a new token; returns the token, which is not stored. The login is checked by the one
    rule (judge.service.logins), whoever makes the account."""
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise AlreadyExists(f"a user named {name!r} exists already")
    fault = logins.login_fault(name)
    if fault:
        raise InvalidRequest(fault)
    twin = _confusable_with(session, name)
    if twin is not None:
        raise InvalidRequest(f"the login {name!r} is too easily mistaken for the existing {twin!r}: choose another")
    user = User(name=name, role=role, active=True)
    token = token or secrets.token_urlsafe(32)
    session.add_all([user, ApiToken(user=user, token_hash=hash_token(token))])
    if commit:
        session.commit()
    else:
        session.flush()
    return user, token


def _confusable_with(session: Session, name: str) -> str | None:
    """The existing login this one would be mistaken for (another than itself), or None."""
    wanted = logins.skeleton(name)
    return next((n for n in session.scalars(select(User.name)) if n != name and logins.skeleton(n) == wanted), None)


def add_token(session: Session, user: User) -> str:
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(user=user, token_hash=hash_token(token)))
    session.commit()
    return token


def authenticate(session: Session, token: str | None) -> User:
    if not token:
        raise AuthenticationFailed("send a token: Authorization: Bearer <token>")
    # The user and their memberships (judge.service.access.viewer_for) in the same query: every request asks.
    row = (
        session.scalars(
            select(ApiToken)
            .options(joinedload(ApiToken.user).joinedload(User.memberships))
            .where(ApiToken.token_hash == hash_token(token))
        )
        .unique()
        .first()
    )
    if row is None:
        raise AuthenticationFailed("the token is not valid")
    if not row.user.active:
        raise AuthenticationFailed("this account is deactivated")
    if row.expires_at is not None and row.expires_at <= dt.datetime.now(dt.timezone.utc):
        raise AuthenticationFailed(f"this token expired at {row.expires_at.isoformat()}")
    return row.user


def set_user_active(session: Session, viewer: Viewer, name: str, active: bool) -> UserPublic:
    """(De)activate an account: a deactivated user's tokens stop working on their next request."""
    viewer.require(Action.SET_ACCOUNT_ACTIVE, doing="deactivate accounts")
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"no user named {name!r}")
    user.active = active
    if not active:  # and every token and browser session of theirs goes: reactivating them means new ones
        session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
        session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    audit.record(session, viewer, "user.activate" if active else "user.deactivate", name)
    session.commit()
    return UserPublic(name=user.name, role=user.role, active=user.active)


# --- tokens ------------------------------------------------------------------------------------------------


def _token_public(row: ApiToken, owner: str) -> TokenPublic:
    return TokenPublic(id=row.id, user=owner, name=row.name, created_at=row.created_at, expires_at=row.expires_at)


def create_token(session: Session, viewer: Viewer, body: TokenCreate) -> TokenCreated:
    """A new token for the viewer; it is in the answer, once, and only its hash is stored."""
    if body.name == ADMIN_TOKEN_NAME:
        raise InvalidRequest(f"{ADMIN_TOKEN_NAME} is the name of the token the deployment sets")
    if not may_make_tokens(viewer):
        raise PermissionDenied("a candidate's account has no tokens: it is used through the invite's pages")
    token = secrets.token_urlsafe(32)
    row = ApiToken(user_id=viewer.id, token_hash=hash_token(token), name=body.name, expires_at=body.expires_at)
    session.add(row)
    audit.record(
        session,
        viewer,
        "token.create",
        viewer.name,
        name=body.name,
        expires_at=body.expires_at.isoformat() if body.expires_at else None,
    )
    session.commit()
    return TokenCreated(**_token_public(row, viewer.name).model_dump(), token=token)


def list_tokens(session: Session, viewer: Viewer, owner_name: str | None = None) -> list[TokenPublic]:
    """Tokens (never their values) with their owners' names: one's own; anyone's, or one user's, for admins."""
    query = select(ApiToken, User.name).join(User, ApiToken.user_id == User.id).order_by(User.name, ApiToken.created_at)
    if not viewer.may(Action.MANAGE_ANY_TOKEN):
        if owner_name is not None and owner_name != viewer.name:
            viewer.require(Action.MANAGE_ANY_TOKEN, doing="list other users' tokens")
        query = query.where(ApiToken.user_id == viewer.id)
    elif owner_name is not None:
        query = query.where(User.name == owner_name)
    return [_token_public(row, name) for row, name in session.execute(query).all()]


def revoke_token(session: Session, viewer: Viewer, token_id: str) -> None:
    """Revoke a token of one's own, or anyone's as an admin: it is refused from the next request on."""
    row = session.get(ApiToken, token_id)
    if row is None or (row.user_id != viewer.id and not viewer.may(Action.MANAGE_ANY_TOKEN)):
        raise NotFound(f"no token {token_id} of yours")
    audit.record(session, viewer, "token.revoke", row.user.name, name=row.name)
    session.delete(row)
    session.commit()


def webhook_secret(session: Session, viewer: Viewer) -> WebhookSecret:
    """The viewer's signing key, made now if they had none: the body of each of their webhooks is signed with it."""
    from judge.service.webhooks import new_secret

    user = session.get(User, viewer.id)
    assert user is not None  # the viewer was authenticated in this request
    if user.webhook_secret is None:
        user.webhook_secret = new_secret()
        session.commit()
    return WebhookSecret(secret=user.webhook_secret)


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
    session.execute(
        delete(ApiToken).where(
            ApiToken.user_id == admin.id, ApiToken.name == ADMIN_TOKEN_NAME, ApiToken.token_hash != digest
        )
    )
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


def create_user_as(session: Session, viewer: Viewer, body: UserCreate) -> UserCreated:
    """The viewer adds an account: admins of any role, instructors students only (their cohort)."""
    viewer.require(Action.CREATE_STUDENT, doing="add users")
    if body.role != Role.STUDENT:
        viewer.require(Action.CREATE_ANY_USER, doing=f"add {body.role.value}s")
    created, token = create_user(session, body.name, body.role, commit=False)
    audit.record(session, viewer, "user.create", body.name, role=body.role.value)
    session.commit()
    return UserCreated(name=created.name, role=created.role, token=token)


def manageable_user(session: Session, viewer: Viewer, name: str) -> User:
    """The account whose token or password the viewer may reset: anyone for admins; for an instructor, a
    student of one of their courses (to anyone else the user is not there)."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"no user named {name!r}")
    if not viewer.may(Action.MANAGE_ANY_TOKEN):
        studies = session.scalars(
            select(Membership.course_id).where(
                Membership.user_id == user.id, Membership.role == MemberRole.STUDENT, Membership.active.is_(True)
            )
        ).all()
        if user.role is not Role.STUDENT or not any(viewer.may(Action.RESET_STUDENT_TOKEN, c) for c in studies):
            raise NotFound(f"no student named {name!r} in a course you teach")
    if not user.active:
        raise InvalidRequest(f"{name}'s account is deactivated: reactivate it first")
    return user


def reset_token(session: Session, viewer: Viewer, name: str) -> UserCreated:
    """A user's lost token replaced: every token of theirs revoked, one new one made and shown once (who may:
    manageable_user)."""
    user = manageable_user(session, viewer, name)
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token)))
    audit.record(session, viewer, "token.reset", name)
    session.commit()
    return UserCreated(name=user.name, role=user.role, token=token)


def names_by_id(session: Session, ids) -> dict[str, str]:
    """The names of these users, by id (for showing whose a submission is)."""
    ids = set(ids)
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())
