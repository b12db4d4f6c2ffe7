"""/api/v1/rejudges: judge submissions again after a problem changed, read what changed, apply it or not."""

from __future__ import annotations

from fastapi import APIRouter

from judge.api.deps import EnqueueRejudgeDep, ServicesDep, SessionDep, ViewerDep
from judge.api.errors import responses
from judge.errors import InvalidRequest
from judge.service import rejudges
from judge.service.schemas import RejudgeCreate, RejudgeReport

router = APIRouter(prefix="/api/v1/rejudges", tags=["rejudges"])


@router.post("", status_code=201, response_model=RejudgeReport, responses=responses(401, 403, 404, 422))
def start(
    body: RejudgeCreate, session: SessionDep, viewer: ViewerDep, services: ServicesDep, enqueue: EnqueueRejudgeDep
) -> RejudgeReport:
    """Judge the finished submissions in scope again, on the low-priority queue; nothing changes until applied."""
    scope = {k: v for k, v in body.model_dump(exclude={"against"}).items() if v is not None}
    if not scope or ("assignment" in scope and "course" not in scope):
        raise InvalidRequest("name a submission, a problem or a course (an assignment goes with its course)")
    return rejudges.start_rejudge(session, viewer, services, scope, enqueue, same_version=body.against == "same")


@router.get("/{rejudge_id}", response_model=RejudgeReport, responses=responses(401, 404))
def read(rejudge_id: str, session: SessionDep, viewer: ViewerDep) -> RejudgeReport:
    """The report so far: how many are judged again, and each submission whose verdict or score changed."""
    return rejudges.report(session, viewer, rejudge_id)


@router.post("/{rejudge_id}/apply", response_model=RejudgeReport, responses=responses(401, 404, 422))
def apply(rejudge_id: str, session: SessionDep, viewer: ViewerDep, services: ServicesDep) -> RejudgeReport:
    """Give every changed submission its new result; the old ones are kept (GET …/submissions/{id}/results)."""
    return rejudges.settle(session, viewer, services, rejudge_id, apply=True)


@router.post("/{rejudge_id}/discard", response_model=RejudgeReport, responses=responses(401, 404, 422))
def discard(rejudge_id: str, session: SessionDep, viewer: ViewerDep, services: ServicesDep) -> RejudgeReport:
    """Drop the report: every submission keeps its result."""
    return rejudges.settle(session, viewer, services, rejudge_id, apply=False)
