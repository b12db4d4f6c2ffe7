"""The API application: `uvicorn judge.api.app:create_app --factory`; OpenAPI at /docs."""

from __future__ import annotations

import gc
import hashlib
import logging
import secrets
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import unquote_to_bytes

import anyio
from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import JSONResponse, Response
from asgi_csrf import asgi_csrf
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from judge.api import assets, errors, pages
from judge.api.deps import no_unknown_query_parameters
from judge.api.routes import (
    assessments,
    audit,
    courses,
    health,
    invites,
    metrics,
    partner,
    problems,
    rejudges,
    similarity,
    submissions,
    tokens,
    users,
    webhooks,
)
from judge.db.session import upgrade
from judge.service.services import Enqueue, Services
from judge.service.wakeups import Listener
from judge.settings import Settings

# A JSON-encoded source can be up to six times its size (\u0001...); anything larger is refused unread.
BODY_FACTOR, BODY_SLACK = 6, 16 * 1024
log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    *,
    services: Services | None = None,
    enqueue: Enqueue | None = None,
    enqueue_rejudge: Enqueue | None = None,
    enqueue_references: Enqueue | None = None,
) -> FastAPI:
    """The application. `services` and `enqueue` are built from the settings at start unless given."""
    own_process = settings is None and services is None  # uvicorn's factory call: its logs are ours to set up
    settings = settings or (services.settings if services else Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if own_process:
            from judge.service.logs import configure

            configure(settings.log_format)
        # As many requests run at once as the database pool has connections (judge.db.session.make_engine):
        # a sync request's thread never waits on the pool, and the pool never opens one past its size.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.database_pool_size
        await run_in_threadpool(_start, app, settings, services, enqueue, enqueue_rejudge, enqueue_references)
        if own_process:
            # What start-up built (the problem bank, templates, the models) lives as long as the process. Out of
            # the collector's reach, a full collection no longer walks it: a 200 x 20 gradebook went from a
            # 500 ms request in every four to none (docs/performance.md). Tests build many apps: not theirs.
            gc.freeze()
        yield
        app.state.wakeups.stop()

    app = FastAPI(
        title="judge",
        version="1",
        lifespan=lifespan,
        docs_url=None,  # judge/api/assets.py serves /docs from the app's own files, never a CDN
        redoc_url=None,
        dependencies=[Depends(no_unknown_query_parameters)],
        description="A self-hosted judge for data and ML interview problems. Every endpoint but "
        "/healthz needs `Authorization: Bearer <token>`.",
    )
    errors.install(app)
    max_body = settings.max_source_kb * 1024 * BODY_FACTOR + BODY_SLACK
    # Innermost first: the CSRF check reads a form's body, so the body limit must stand outside it.
    app.add_middleware(
        CsrfProtection,
        signing_secret=_csrf_secret(settings),
        cookie_name="judge_csrf",
        cookie_secure=bool(settings.secure_cookies),
        send_csrf_failed=_csrf_refused,
    )
    app.add_middleware(RefuseUnreadableText)
    app.add_middleware(
        BodyLimit,
        max_bytes=max_body,
        message=f"the request body is over {max_body // 1024} KiB; sources may be at most {settings.max_source_kb} KiB",
    )
    for module in (
        submissions,
        problems,
        courses,
        assessments,
        invites,
        rejudges,
        tokens,
        users,
        webhooks,
        audit,
        health,
        metrics,
        partner,
        similarity,
    ):
        app.include_router(module.router)
    # After the API's routes: a request is matched against the routes in order, and the API's are the ones
    # polled (the pages' routes before them were a tenth of each API request's CPU).
    assets.install(app)
    pages.install(app)
    app.state.waiting = submissions.WaitingRequests()
    app.state.wakeups = Listener(settings.broker_url)  # started by the first request that waits
    return app


class CsrfProtection:
    """asgi-csrf as a middleware class: every unsafe request that carries cookies must also carry the CSRF token
    (a form's `csrftoken` field, or the `x-csrftoken` header) matching its signed `judge_csrf` cookie. A request
    with `Authorization: Bearer` (the API, the CLI) carries no ambient credential and is let through."""

    def __init__(self, app: ASGIApp, **options: Any):
        self.app = asgi_csrf(app, **options)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


async def _csrf_refused(scope: Scope, send: Send, message_id: int) -> None:
    from starlette.requests import Request

    from judge.api.pages import error_page

    detail = "this form was sent without its security token, or with an old one: reload the page and send it again"
    path = scope.get("path", "")
    if path.startswith(errors.API_PREFIXES):
        response: Response = JSONResponse({"detail": f"CSRF check failed: {detail}"}, status_code=403)
    else:
        response = await run_in_threadpool(error_page, Request(scope), 403, detail)
    await response(scope, _nothing, send)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


def _csrf_secret(settings: Settings) -> str:
    """The key that signs CSRF tokens: set, or derived from the admin token so that every API process of one
    deployment agrees; else one made now (then a restart asks forms to be reloaded)."""
    if settings.csrf_secret:
        return settings.csrf_secret
    if settings.admin_token:
        return hashlib.sha256(f"judge-csrf:{settings.admin_token}".encode()).hexdigest()
    return secrets.token_hex(32)


class BodyLimit:
    """Refuse a body over max_bytes with a 413, by its Content-Length or, when chunked, as it arrives."""

    def __init__(self, app: ASGIApp, max_bytes: int, message: str):
        self.app, self.max_bytes, self.message = app, max_bytes, message

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            return await JSONResponse({"detail": self.message}, status_code=413)(scope, receive, send)
        total = 0

        async def limited() -> Message:
            nonlocal total
            message = await receive()
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > self.max_bytes:
                    # FastAPI re-raises an HTTPException from reading the body; its handler answers the 413.
                    raise HTTPException(413, self.message)
            return message

        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watched)
        except HTTPException as exc:  # raised where no handler stands between (the CSRF check reading a form)
            if exc.status_code != 413 or started:
                raise
            await JSONResponse({"detail": self.message}, status_code=413)(scope, receive, send)


class RefuseUnreadableText:
    """A 422 for a path or query string holding a NUL or bytes that are not UTF-8, before anything reads them.

    Starlette would pass the first on (PostgreSQL then refuses it: a 500) and replace the second silently.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for where, raw in (
                ("path", scope.get("raw_path") or scope.get("path", "").encode("utf-8", "replace")),
                ("query string", scope.get("query_string", b"")),
            ):
                decoded = unquote_to_bytes(raw.replace(b"+", b" "))
                try:
                    readable = b"\x00" not in decoded and decoded.decode("utf-8") is not None
                except UnicodeDecodeError:
                    readable = False
                if not readable:
                    body = {"detail": f"the {where} holds a NUL character or bytes that are not UTF-8"}
                    return await JSONResponse(body, status_code=422)(scope, receive, send)
        await self.app(scope, receive, send)


def _start(
    app: FastAPI,
    settings: Settings,
    services: Services | None,
    enqueue: Enqueue | None,
    enqueue_rejudge: Enqueue | None = None,
    enqueue_references: Enqueue | None = None,
) -> None:
    from judge.service import fair_queue
    from judge.service.queue import enqueuer, make_celery, references_enqueuer, rejudge_enqueuer
    from judge.service.runtime import build_services
    from judge.service.users import DEFAULT_ADMIN_TOKEN, ensure_admin, is_loopback, retire_token

    built = services or build_services(settings)
    upgrade(built.settings.resolved_database_url())
    celery = make_celery(built.settings)  # one client per process; it connects on first use
    enqueue_references = enqueue_references or references_enqueuer(celery)
    if built.settings.sync_on_start and built.settings.problems_dir.is_dir():
        from judge.service.bank import ProblemBank, missing_references, sync

        for outcome in sync(built.sessions, built.settings.problems_dir, enqueue_references=enqueue_references):
            if outcome.outcome == "refused":
                log.error("%s is not published: %s", outcome.slug, "; ".join(map(str, outcome.issues)))
        if isinstance(built.registry, ProblemBank):
            for version in missing_references(built.registry):  # published before outputs were stored
                try:
                    enqueue_references(version)
                except Exception:  # noqa: BLE001 - the broker is down: the next start asks again
                    log.exception("the derivation of version %s could not be queued", version[:12])
    if settings.admin_token:
        with built.sessions() as session:
            if settings.admin_token == DEFAULT_ADMIN_TOKEN and not is_loopback(settings.api_published_on):
                # Everybody who read the README knows this token.
                log.error(
                    "JUDGE_ADMIN_TOKEN is the documented default and the API is published on %s: that "
                    "token is refused; set a secret one in .env",
                    settings.api_published_on,
                )
                retire_token(session, DEFAULT_ADMIN_TOKEN)
            else:
                ensure_admin(session, settings.admin_token)
    from judge.service.accounts import SignIns

    app.state.services = built
    app.state.sign_ins = SignIns(built.settings)
    app.state.celery = celery
    app.state.enqueue = enqueue or enqueuer(celery, fair_queue.lanes(built.sessions))
    app.state.enqueue_rejudge = enqueue_rejudge or rejudge_enqueuer(celery)
    app.state.enqueue_references = enqueue_references
