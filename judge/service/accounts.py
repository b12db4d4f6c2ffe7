"""Passwords and browser sessions: how a person signs in to the web pages.

- A password is hashed with argon2 (pwdlib); only the hash is stored. An account without one signs in with
  tokens only (the API and the CLI), as every account did before the pages.
- Signing in makes a server-side session: the browser's cookie holds only a random id, and the database only
  its hash, so that signing out, a new password or a deactivated account ends it on the next request.
- Failed sign-ins are counted per login and per address, in a moving window kept where the submission quota
  is kept (Redis), falling back to this process's memory if that store fails; past the limit, a 429 with
  Retry-After, whether or not the password is right, so that guessing cannot go on below it.
- Who may set someone's password is who may reset their token (users.manageable_user); one's own needs the
  current password, so that a borrowed session cannot lock its owner out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import secrets
import time

import limits
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from pwdlib import PasswordHash
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from judge.db.models import User, WebSession, utcnow
from judge.errors import AuthenticationFailed, InvalidRequest, TooManyRequests
from judge.service import audit
from judge.service.access import Viewer
from judge.service.users import manageable_user
from judge.settings import Settings

log = logging.getLogger(__name__)
PASSWORDS = PasswordHash.recommended()
MIN_PASSWORD, MAX_PASSWORD = 10, 200
COOKIE = "judge_session"
# A login that does not exist is checked against this, so that its answer takes as long as a wrong password's.
_NOBODY = PASSWORDS.hash("no such user: " + secrets.token_hex(8))


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def password_fault(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"a password has at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"a password has at most {MAX_PASSWORD} characters"
    return None


def set_password(
    session: Session, viewer: Viewer, name: str, password: str, current_password: str | None = None
) -> None:
    """Set a user's password; every browser session of theirs ends. One's own needs the current password (if
    there is one); someone else's, the right to reset their token (users.manageable_user)."""
    fault = password_fault(password)
    if fault:
        raise InvalidRequest(fault)
    own = name == viewer.name
    user = session.get(User, viewer.id) if own else manageable_user(session, viewer, name)
    assert user is not None
    if own and user.password_hash and not (current_password and PASSWORDS.verify(current_password, user.password_hash)):
        raise InvalidRequest("the current password is not right")
    user.password_hash = PASSWORDS.hash(password)
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    audit.record(session, viewer, "user.password", name)
    session.commit()


class SignIns:
    """Failed sign-ins per login and per address, across every API process."""

    def __init__(self, settings: Settings):
        self.limit = limits.parse(f"{settings.sign_in_failures}/15 minutes")
        self.limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage or settings.broker_url))
        self.fallback = MovingWindowRateLimiter(MemoryStorage())

    def _windows(self, login: str, address: str) -> list[tuple[str, ...]]:
        return [("sign-in", "login", login.lower()), ("sign-in", "address", address)]

    def _ask(self, call):  # type: ignore[no-untyped-def]
        try:
            return call(self.limiter)
        except Exception:  # noqa: BLE001 - the store is down: count in this process rather than not at all
            log.warning("the sign-in limit's store failed; counting in memory", exc_info=True)
            return call(self.fallback)

    def check(self, login: str, address: str) -> None:
        for window in self._windows(login, address):
            if not self._ask(lambda limiter: limiter.test(self.limit, *window)):
                reset = self._ask(lambda limiter: limiter.get_window_stats(self.limit, *window).reset_time)
                wait = max(1, math.ceil(reset - time.time()))
                raise TooManyRequests(
                    f"too many failed sign-ins: try again in {math.ceil(wait / 60)} min", retry_after=wait
                )

    def failed(self, login: str, address: str) -> None:
        for window in self._windows(login, address):
            self._ask(lambda limiter: limiter.hit(self.limit, *window))


def sign_in(session: Session, settings: Settings, sign_ins: SignIns, login: str, password: str, address: str) -> str:
    """A new browser session for this login and password: the cookie's value (shown once, stored as a hash)."""
    sign_ins.check(login, address)
    user = session.scalar(select(User).where(User.name == login)) if len(login) <= 100 else None
    known = user is not None and user.active and user.password_hash is not None
    good = PASSWORDS.verify(password[:MAX_PASSWORD], user.password_hash if known else _NOBODY)  # type: ignore[union-attr, arg-type]
    if not (known and good):
        sign_ins.failed(login, address)
        raise AuthenticationFailed("that login and password do not match an active account")
    assert user is not None
    return open_session(session, settings, user)


def open_session(session: Session, settings: Settings, user: User) -> str:
    """A new browser session for the user, committed: the cookie's value (shown once, stored as a hash)."""
    value = secrets.token_urlsafe(32)
    now = utcnow()
    session.execute(delete(WebSession).where(WebSession.user_id == user.id, WebSession.expires_at <= now))
    session.add(
        WebSession(
            id_hash=_digest(value),
            user_id=user.id,
            created_at=now,
            expires_at=now + dt.timedelta(hours=settings.session_hours),
        )
    )
    session.commit()
    return value


def session_user(session: Session, value: str | None) -> User | None:
    """The active user this cookie signs in, or None (no such session, expired, or deactivated)."""
    if not value or len(value) > 100:
        return None
    row = session.get(WebSession, _digest(value))
    if row is None or row.expires_at <= utcnow() or not row.user.active:
        return None
    return row.user


def sign_out(session: Session, value: str | None) -> None:
    if value:
        session.execute(delete(WebSession).where(WebSession.id_hash == _digest(value)))
        session.commit()


def sign_out_everywhere(session: Session, viewer: Viewer) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == viewer.id))
    session.commit()
