"""/api/v1/rejudges: judge submissions again after a problem changed, read what changed, apply it or not."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from judge.api.deps import CurrentUser, ServicesDep
from judge.api.errors import responses
from judge.api.schemas import Outcome, RejudgeChange, RejudgeCreate, RejudgeReport
from judge.errors import InvalidRequest
from judge.service import rejudges

router = APIRouter(prefix="/api/v1/rejudges", tags=["rejudges"])


def get_enqueue_rejudge(request: Request):
    return request.app.state.enqueue_rejudge


@router.post("", status_code=201, response_model=RejudgeReport, responses=responses(401, 403, 404, 422))
def start(body: RejudgeCreate, services: ServicesDep, user: CurrentUser,
          enqueue: Annotated[object, Depends(get_enqueue_rejudge)]) -> RejudgeReport:
    """Judge the finished submissions in scope again, on the low-priority queue; nothing changes until applied."""
    scope = {k: v for k, v in body.model_dump(exclude={"against"}).items() if v is not None}
    if not scope or ("assignment" in scope and "course" not in scope):
        raise InvalidRequest("name a submission, a problem or a course (an assignment goes with its course)")
    rejudge = rejudges.start_rejudge(services, user, scope, enqueue, same_version=body.against == "same")
    return _report(services, user, rejudge.id)


@router.get("/{rejudge_id}", response_model=RejudgeReport, responses=responses(401, 404))
def read(rejudge_id: str, services: ServicesDep, user: CurrentUser) -> RejudgeReport:
    """The report so far: how many are judged again, and each submission whose verdict or score changed."""
    return _report(services, user, rejudge_id)


@router.post("/{rejudge_id}/apply", response_model=RejudgeReport, responses=responses(401, 404, 422))
def apply(rejudge_id: str, services: ServicesDep, user: CurrentUser) -> RejudgeReport:
    """Give every changed submission its new result; the old ones are kept (GET …/submissions/{id}/results)."""
    rejudges.settle(services, user, rejudge_id, apply=True)
    return _report(services, user, rejudge_id)


@router.post("/{rejudge_id}/discard", response_model=RejudgeReport, responses=responses(401, 404, 422))
def discard(rejudge_id: str, services: ServicesDep, user: CurrentUser) -> RejudgeReport:
    """Drop the report: every submission keeps its result."""
    rejudges.settle(services, user, rejudge_id, apply=False)
    return _report(services, user, rejudge_id)


def _report(services, user, rejudge_id: str) -> RejudgeReport:
    rejudge, items = rejudges.report(services, user, rejudge_id)
    return RejudgeReport(
        id=rejudge.id, scope=rejudge.scope, state=rejudge.state, submissions=len(items),
        judged=sum(1 for i in items if i.finished_at is not None),
        changed=[RejudgeChange(submission=i.submission_id, before=Outcome(verdict=i.old_verdict, score=i.old_score),
                               after=Outcome(verdict=i.new_verdict, score=i.new_score,
                                             problem_version=i.problem_version))
                 for i in items if rejudges.changed(i)])
