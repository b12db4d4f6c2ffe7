"""/api/v1/submissions: send a solution, read its result (optionally waiting for it), list them."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import time
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from judge.api.deps import CurrentUser, EnqueueDep, ServicesDep
from judge.api.errors import responses
from judge.api.schemas import (StoredResult, SubmissionCreate, SubmissionDetail, SubmissionPage, SubmissionSource,
                               SubmissionSummary, detail, summary)
from judge.db.models import Submission, User
from judge.errors import TooManyRequests
from judge.service import submissions
from judge.service.submissions import Services
from judge.service.users import names_by_id
from judge.db.models import aware
from judge.service.logs import current_submission
from judge.verdicts import Status, SubmissionResult, Verdict

router = APIRouter(prefix="/api/v1/submissions", tags=["submissions"])
POLL_S = 0.2  # how often a long-poll looks at the database
MAX_PAGE = 200
log = logging.getLogger(__name__)
MAX_OFFSET = 100_000  # deeper pages cost the database a scan each: filter instead


@router.post("", status_code=201, response_model=SubmissionSummary,
             responses=responses(401, 403, 404, 413, 422))
def create(body: SubmissionCreate, services: ServicesDep, user: CurrentUser, enqueue: EnqueueDep,
           response: Response) -> SubmissionSummary:
    """Receive a solution: validated at once, stored, then queued for judging."""
    row = submissions.create_submission(services, user, body.problem, body.language, body.dialect, body.source,
                                        enqueue, assignment=body.assignment, callback_url=body.callback_url)
    current_submission.set(row.id)
    log.info("received a %s submission to %s from %s", row.language, row.problem, user.name)
    response.headers["Location"] = f"{router.prefix}/{row.id}"
    return summary(row, user.name)


@router.get("/{submission_id}", response_model=SubmissionDetail, responses=responses(401, 403, 404, 422, 429))
async def read(submission_id: str, services: ServicesDep, user: CurrentUser, request: Request,
               wait: Annotated[float, Query(ge=0, description="wait up to this many seconds (capped by the "
                                                              "server's max_wait_s) for the result")] = 0
               ) -> SubmissionDetail:
    """A submission and, once finished, its result: per test, public details for public tests only."""
    row = await run_in_threadpool(submissions.get_submission, services, user, submission_id)
    deadline = time.monotonic() + min(wait, services.settings.max_wait_s)
    if row.status != Status.FINISHED and deadline > time.monotonic():
        with request.app.state.waiting.slot(user.id, services.settings.max_waits_per_user):
            while row.status != Status.FINISHED and (left := deadline - time.monotonic()) > 0:
                await asyncio.sleep(min(POLL_S, left))
                if await request.is_disconnected():
                    break  # nobody is waiting any more
                row = await run_in_threadpool(submissions.get_submission, services, user, submission_id)
    names = await run_in_threadpool(_names, services, user, [row])
    test_names = await run_in_threadpool(submissions.sees_test_names, services, user, row)
    return detail(row, names[row.user_id], test_names)


@router.get("/{submission_id}/events", response_class=StreamingResponse, responses={
    **responses(401, 403, 404, 429), 200: {"content": {"text/event-stream": {"example": (
        'event: status\ndata: {"status": "queued"}\n\nevent: status\ndata: {"status": "running"}\n\n'
        'event: result\ndata: {"id": "…", "status": "finished", "verdict": "accepted", …}\n\n')}},
        "description": "server-sent events: each status, then the result; `timeout` after max_wait_s"}})
async def events(submission_id: str, services: ServicesDep, user: CurrentUser, request: Request) -> StreamingResponse:
    """The verdict pushed as server-sent events: `status` at each change, then `result` (the submission as
    GET returns it), then the stream ends; after max_wait_s without a result, `timeout` (connect again)."""
    row = await run_in_threadpool(submissions.get_submission, services, user, submission_id)
    slot = request.app.state.waiting.slot(user.id, services.settings.max_waits_per_user)
    slot.__enter__()  # a 429 now, before the stream starts, rather than inside it

    async def stream():
        nonlocal row
        try:
            last, deadline = None, time.monotonic() + services.settings.max_wait_s
            while True:
                if row.status != last:
                    last = row.status
                    yield _event("status", {"status": row.status.value})
                if row.status == Status.FINISHED:
                    names = await run_in_threadpool(_names, services, user, [row])
                    test_names = await run_in_threadpool(submissions.sees_test_names, services, user, row)
                    yield _event("result", detail(row, names[row.user_id], test_names).model_dump(mode="json"))
                    return
                if time.monotonic() >= deadline:
                    yield _event("timeout", {"status": row.status.value})
                    return
                if await request.is_disconnected():
                    return
                await asyncio.sleep(POLL_S)
                row = await run_in_threadpool(submissions.get_submission, services, user, submission_id)
        finally:
            slot.__exit__(None, None, None)

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def _event(name: str, data: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(data, default=str)}\n\n"


@router.get("", response_model=SubmissionPage, responses=responses(401, 403, 404, 422))
def list_(services: ServicesDep, user: CurrentUser,
          user_name: Annotated[str | None, Query(alias="user", description="instructors and admins: whose")] = None,
          problem: Annotated[str | None, Query(description="a problem's slug")] = None,
          course: Annotated[str | None, Query(description="a course's slug")] = None,
          assignment: Annotated[str | None, Query(description="an assignment's slug, with course")] = None,
          verdict: Annotated[Verdict | None, Query(description="finished with this verdict")] = None,
          status: Annotated[Status | None, Query(description="queued, running or finished")] = None,
          since: Annotated[dt.datetime | None, Query(description="received at or after (ISO 8601)")] = None,
          until: Annotated[dt.datetime | None, Query(description="received before (ISO 8601)")] = None,
          limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
          offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> SubmissionPage:
    """Submissions, newest first: a student's own; anyone's for instructors and admins. A filter naming a user
    or a problem that does not exist is a 404."""
    filters = submissions.SubmissionFilter(user_name=user_name, problem=problem, course=course, assignment=assignment,
                                           verdict=verdict, status=status, since=since, until=until)
    rows, total = submissions.list_submissions(services, user, filters, limit=limit, offset=offset)
    names = _names(services, user, rows)
    return SubmissionPage(items=[summary(row, names[row.user_id]) for row in rows], total=total, limit=limit,
                          offset=offset)


@router.get("/{submission_id}/source", response_model=SubmissionSource, responses=responses(401, 403, 404))
def read_source(submission_id: str, services: ServicesDep, user: CurrentUser) -> SubmissionSource:
    """The source as it was submitted: the author's own, or any for instructors and admins."""
    row = submissions.get_submission(services, user, submission_id)
    return SubmissionSource(id=row.id, problem=row.problem, language=row.language, dialect=row.dialect,
                            source=row.source)


@router.get("/{submission_id}/results", response_model=list[StoredResult], responses=responses(401, 403, 404))
def results(submission_id: str, services: ServicesDep, user: CurrentUser) -> list[StoredResult]:
    """Every result the submission ever had, oldest first; the current one is marked (a rejudge keeps the old)."""
    return [StoredResult(current=current, stored_at=aware(stored_at), result=result)
            for result, stored_at, current in submissions.result_history(services, user, submission_id)]


def _names(services: Services, user: User, rows: list[Submission]) -> dict[str, str]:
    others = {row.user_id for row in rows} - {user.id}
    names = {user.id: user.name}
    if others:
        with services.sessions() as session:
            names.update(names_by_id(session, others))
    return names


class WaitingRequests:
    """How many long-polls each user has open in this process; one over the cap is refused with a 429.

    A long-poll holds a connection and polls the database: a thousand of them from one user slowed every
    other user's requests from 0.01 s to 6 s.
    """

    def __init__(self):
        self.by_user: dict[str, int] = {}

    @contextmanager
    def slot(self, user_id: str, limit: int):
        if self.by_user.get(user_id, 0) >= limit:
            raise TooManyRequests(f"you have {limit} requests waiting for results already; wait for one of "
                                  "them, or ask without ?wait=", retry_after=2)
        self.by_user[user_id] = self.by_user.get(user_id, 0) + 1
        try:
            yield
        finally:
            self.by_user[user_id] -= 1
            if not self.by_user[user_id]:
                del self.by_user[user_id]
