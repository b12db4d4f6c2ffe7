"""What routes depend on: the services built at start, the enqueue function, and the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from judge.db.models import User
from judge.errors import InvalidRequest
from judge.service.submissions import Enqueue, Services
from judge.service.users import authenticate
from judge.settings import Settings

# auto_error off: a missing or malformed header reaches authenticate(), which raises AuthenticationFailed,
# so that every 401 has the same shape and the WWW-Authenticate header (judge/api/errors.py).
bearer = HTTPBearer(auto_error=False, description="a token from `judge users add` or POST /api/v1/users")


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_settings(request: Request) -> Settings:
    return request.app.state.services.settings


def get_enqueue(request: Request) -> Enqueue:
    return request.app.state.enqueue


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
EnqueueDep = Annotated[Enqueue, Depends(get_enqueue)]


def current_user(services: ServicesDep,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User:
    with services.sessions() as session:
        return authenticate(session, credentials.credentials if credentials else None)


CurrentUser = Annotated[User, Depends(current_user)]


def no_unknown_query_parameters(request: Request) -> None:
    """A 422 for a query parameter the endpoint does not take: `?verdict=` misspelt must not list everything."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:  # the documentation's own pages
        return
    known = _query_names(dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "no query parameters"
        raise InvalidRequest(f"unknown query parameter {', '.join(repr(u) for u in unknown)}; this endpoint takes "
                             f"{takes}")


def _query_names(dependant) -> set[str]:
    """The query parameters a route takes, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names
