"""/api/v1/submissions: send a solution, read its result (optionally waiting for it), list them."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from judge.api.deps import EnqueueDep, ServicesDep, SessionDep, ViewerDep
from judge.api.errors import responses
from judge.errors import TooManyRequests
from judge.service import submissions
from judge.service.access import Viewer
from judge.service.logs import current_submission
from judge.service.schemas import (
    StoredResult,
    SubmissionCreate,
    SubmissionDetail,
    SubmissionPage,
    SubmissionSource,
    SubmissionSummary,
)
from judge.service.services import Services
from judge.verdicts import Status, TestResult, Verdict

router = APIRouter(prefix="/api/v1/submissions", tags=["submissions"])
RECONNECT_MS = 1000  # how soon a browser's EventSource connects again after the stream ends or drops
MAX_PAGE = 200
log = logging.getLogger(__name__)
MAX_OFFSET = 100_000  # deeper pages cost the database a scan each: filter instead


@router.post("", status_code=201, response_model=SubmissionSummary, responses=responses(401, 403, 404, 413, 422))
def create(
    body: SubmissionCreate,
    session: SessionDep,
    viewer: ViewerDep,
    services: ServicesDep,
    enqueue: EnqueueDep,
    response: Response,
) -> SubmissionSummary:
    """Receive a solution: validated at once, stored, then queued for judging."""
    created = submissions.create_submission(session, viewer, services, body, enqueue)
    current_submission.set(created.id)
    log.info("received a %s submission to %s from %s", created.language, created.problem, viewer.name)
    response.headers["Location"] = f"{router.prefix}/{created.id}"
    return created


def _look(session: Session, viewer: Viewer, submission_id: str) -> SubmissionDetail:
    """The submission now; the session's connection is let go until the next look."""
    try:
        return submissions.get_detail(session, viewer, submission_id)
    finally:
        session.close()


@router.get("/{submission_id}", response_model=SubmissionDetail, responses=responses(401, 403, 404, 422, 429))
async def read(
    submission_id: str,
    session: SessionDep,
    viewer: ViewerDep,
    services: ServicesDep,
    request: Request,
    wait: Annotated[
        float,
        Query(ge=0, description="wait up to this many seconds (capped by the server's max_wait_s) for the result"),
    ] = 0,
) -> SubmissionDetail:
    """A submission and, once finished, its result: per test, public details for public tests only."""
    found = await run_in_threadpool(_look, session, viewer, submission_id)
    deadline = time.monotonic() + min(wait, services.settings.max_wait_s)
    if found.status != Status.FINISHED and deadline > time.monotonic():
        with (
            request.app.state.waiting.slot(viewer.id, services.settings.max_waits_per_user),
            request.app.state.wakeups.watch(submission_id) as waiter,
        ):
            found = await run_in_threadpool(_look, session, viewer, submission_id)  # watched from here on
            while found.status != Status.FINISHED and (left := deadline - time.monotonic()) > 0:
                await waiter.changed(left)  # announced by the worker (judge.service.wakeups), or a safety look
                if await request.is_disconnected():
                    break  # nobody is waiting any more
                found = await run_in_threadpool(_look, session, viewer, submission_id)
    return found


def _follow(
    session: Session, viewer: Viewer, services: Services, submission_id: str, tests_from: int
) -> tuple[SubmissionDetail, list[TestResult]]:
    try:
        return submissions.follow(session, viewer, services, submission_id, tests_from)
    finally:
        session.close()


@router.get(
    "/{submission_id}/events",
    response_class=StreamingResponse,
    responses={
        **responses(401, 403, 404, 429),
        200: {
            "content": {
                "text/event-stream": {
                    "example": (
                        'event: status\ndata: {"status": "queued"}\n\nevent: status\ndata: {"status": "running"}\n\n'
                        'event: test\ndata: {"name": "examples/01", "verdict": "accepted", …}\n\n'
                        'event: result\ndata: {"id": "…", "status": "finished", "verdict": "accepted", "result": {…}, …}\n\n'
                    )
                }
            },
            "description": "server-sent events: each status, each test as it is judged, then the result; `timeout` "
            "after max_wait_s",
        },
    },
)
async def events(
    submission_id: str, session: SessionDep, viewer: ViewerDep, services: ServicesDep, request: Request
) -> StreamingResponse:
    """The verdict pushed as server-sent events: `status` at each change, `test` for each test as soon as it is
    judged (as the result will show it to the caller), then `result` (the submission as GET returns it), then
    the stream ends; after max_wait_s without a result, `timeout` (connect again). Each `test` has an id (the
    tests sent so far); connecting again with `Last-Event-ID` resumes after it."""
    resumed = request.headers.get("last-event-id", "")
    start = int(resumed) if resumed.isdigit() and len(resumed) < 7 else 0
    held = ExitStack()
    # The slot first, so that a 429 comes now rather than inside the stream; then watched before the first
    # look, so that a change between the look and the first wait is heard.
    held.enter_context(request.app.state.waiting.slot(viewer.id, services.settings.max_waits_per_user))
    waiter = held.enter_context(request.app.state.wakeups.watch(submission_id, tests=True))
    try:
        found, tests = await run_in_threadpool(_follow, session, viewer, services, submission_id, start)
    except BaseException:
        held.close()
        raise

    async def stream() -> AsyncIterator[str]:
        nonlocal found, tests
        with held:
            last, sent, deadline = None, start, time.monotonic() + services.settings.max_wait_s
            yield f"retry: {RECONNECT_MS}\n\n"
            while True:
                if found.status != last:
                    last = found.status
                    yield _event("status", {"status": found.status.value})
                for test in tests:
                    sent += 1
                    yield _event("test", test.model_dump(mode="json"), event_id=sent)
                if found.status == Status.FINISHED:
                    yield _event("result", found.model_dump(mode="json"))
                    return
                if time.monotonic() >= deadline:
                    yield _event("timeout", {"status": found.status.value})
                    return
                if await request.is_disconnected():
                    return
                await waiter.changed(deadline - time.monotonic())
                found, tests = await run_in_threadpool(_follow, session, viewer, services, submission_id, sent)

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def _event(name: str, data: dict[str, Any], event_id: int | None = None) -> str:
    # A test's id is how many tests were sent up to it: a browser that reconnects sends the last one it had
    # (Last-Event-ID), and the stream goes on from the next test.
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {name}\ndata: {json.dumps(data, default=str)}\n\n"


@router.get("", response_model=SubmissionPage, responses=responses(401, 403, 404, 422))
def list_(
    session: SessionDep,
    viewer: ViewerDep,
    services: ServicesDep,
    user_name: Annotated[str | None, Query(alias="user", description="instructors and admins: whose")] = None,
    problem: Annotated[str | None, Query(description="a problem's slug")] = None,
    course: Annotated[str | None, Query(description="a course's slug")] = None,
    assignment: Annotated[str | None, Query(description="an assignment's slug, with course")] = None,
    verdict: Annotated[Verdict | None, Query(description="finished with this verdict")] = None,
    status: Annotated[Status | None, Query(description="queued, running or finished")] = None,
    since: Annotated[dt.datetime | None, Query(description="received at or after (ISO 8601)")] = None,
    until: Annotated[dt.datetime | None, Query(description="received before (ISO 8601)")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> SubmissionPage:
    """Submissions, newest first: a student's own; anyone's for instructors and admins. A filter naming a user
    or a problem that does not exist is a 404."""
    filters = submissions.SubmissionFilter(
        user_name=user_name,
        problem=problem,
        course=course,
        assignment=assignment,
        verdict=verdict,
        status=status,
        since=since,
        until=until,
    )
    return submissions.list_submissions(session, viewer, services, filters, limit=limit, offset=offset)


@router.get("/{submission_id}/source", response_model=SubmissionSource, responses=responses(401, 403, 404))
def read_source(submission_id: str, session: SessionDep, viewer: ViewerDep) -> SubmissionSource:
    """The source as it was submitted: the author's own, or any for instructors and admins."""
    return submissions.get_source(session, viewer, submission_id)


@router.get("/{submission_id}/results", response_model=list[StoredResult], responses=responses(401, 403, 404))
def results(submission_id: str, session: SessionDep, viewer: ViewerDep) -> list[StoredResult]:
    """Every result the submission ever had, oldest first; the current one is marked (a rejudge keeps the old)."""
    return submissions.result_history(session, viewer, submission_id)


class WaitingRequests:
    """How many long-polls each user has open in this process; one over the cap is refused with a 429.

    A long-poll holds a connection and polls the database: a thousand of them from one user slowed every
    other user's requests from 0.01 s to 6 s.
    """

    def __init__(self) -> None:
        self.by_user: dict[str, int] = {}

    @contextmanager
    def slot(self, user_id: str, limit: int) -> Iterator[None]:
        if self.by_user.get(user_id, 0) >= limit:
            raise TooManyRequests(
                f"you have {limit} requests waiting for results already; wait for one of them, or ask without ?wait=",
                retry_after=2,
            )
        self.by_user[user_id] = self.by_user.get(user_id, 0) + 1
        try:
            yield
        finally:
            self.by_user[user_id] -= 1
            if not self.by_user[user_id]:
                del self.by_user[user_id]
