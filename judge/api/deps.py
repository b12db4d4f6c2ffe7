"""What routes depend on, per request: the services built at start, a database session, and the viewer.

A route is then a call into judge.service with (session, viewer, ...), and a page is the same call with a
template instead of JSON. FastAPI builds each dependency once per request, so the viewer is authenticated
with the same session the route uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from judge.errors import InvalidRequest
from judge.service import accounts
from judge.service.access import Viewer, viewer_for
from judge.service.services import Enqueue, Services
from judge.service.users import authenticate
from judge.settings import Settings

# auto_error off: a missing or malformed header reaches authenticate(), which raises AuthenticationFailed,
# so that every 401 has the same shape and the WWW-Authenticate header (judge/api/errors.py).
bearer = HTTPBearer(auto_error=False, description="a token from `judge users add` or POST /api/v1/users")


# The dependencies that only read the app's state are async: FastAPI runs a plain `def` dependency in its thread
# pool, and each such hop (a thread, the GIL handed over and back) cost every request more than the reading.
async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


async def get_settings(request: Request) -> Settings:
    services: Services = request.app.state.services
    return services.settings


async def get_enqueue(request: Request) -> Enqueue:
    enqueue: Enqueue = request.app.state.enqueue
    return enqueue


async def get_enqueue_rejudge(request: Request) -> Enqueue:
    enqueue: Enqueue = request.app.state.enqueue_rejudge
    return enqueue


async def get_enqueue_references(request: Request) -> Enqueue:
    enqueue: Enqueue = request.app.state.enqueue_references
    return enqueue


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
EnqueueDep = Annotated[Enqueue, Depends(get_enqueue)]
EnqueueRejudgeDep = Annotated[Enqueue, Depends(get_enqueue_rejudge)]
EnqueueReferencesDep = Annotated[Enqueue, Depends(get_enqueue_references)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    """One session per request, closed when it ends (a long-poll closes it between looks, to free its
    connection)."""
    with services.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_viewer(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Viewer:
    """Who is asking: the token's user, or else the signed-in browser's (its session cookie), with their
    courses' roles (judge.service.access). A cookie's unsafe requests carry a CSRF token (judge/api/app.py)."""
    user = None
    if credentials is None:
        user = accounts.session_user(session, request.cookies.get(accounts.COOKIE))
    if user is None:
        user = authenticate(session, credentials.credentials if credentials else None)
    # The route goes on with the same connection: one checkout (and one ping) per request. What waits long
    # lets it go first (the long-poll and the event stream between looks, a POST before its parse check).
    return viewer_for(session, user)


ViewerDep = Annotated[Viewer, Depends(get_viewer)]


async def no_unknown_query_parameters(request: Request) -> None:
    """A 422 for a query parameter the endpoint does not take: `?verdict=` misspelt must not list everything."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:  # the documentation's own pages
        return
    known = _query_names(dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "no query parameters"
        raise InvalidRequest(
            f"unknown query parameter {', '.join(repr(u) for u in unknown)}; this endpoint takes {takes}"
        )


def _query_names(dependant) -> set[str]:  # type: ignore[no-untyped-def]
    """The query parameters a route takes, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def csv_body(request: Request, max_bytes: int, what: str) -> str:
    """A text/csv request body as text: at most max_bytes, UTF-8 (a BOM, as spreadsheets write it, dropped)."""
    body = await request.body()
    if len(body) > max_bytes:
        raise InvalidRequest(f"{what} is over {max_bytes // 1024} KiB")
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidRequest(f"{what} is not UTF-8 text") from None
