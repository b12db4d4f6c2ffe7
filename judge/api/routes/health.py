"""/healthz: is the API up, and can it reach what it needs? 200 while the database answers, else 503.

It needs no token, so it costs what a few milliseconds buy: one query of the database (the oldest ages, which
fail if it does not answer) and three commands to the broker on a pooled connection (judge.service.broker).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from judge.service import broker as broker_client
from judge.service.judging import oldest_age_by_phase
from judge.service.heartbeats import read_workers
from judge.service.schemas import Health, WorkerHealth
from judge.service.services import Services

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)
BROKER_TIMEOUT_S = 0.5


@router.get("/healthz", response_model=Health, responses={503: {"model": Health, "description": "no database"}})
def healthz(request: Request) -> JSONResponse:
    """Each dependency's state; each worker process from its own heartbeat (judge.service.heartbeats), and
    `workers`: how many beat and are not stuck."""
    services: Services = request.app.state.services
    ages = _check(lambda: oldest_age_by_phase(services))  # also whether the database answers
    database = "ok" if isinstance(ages, dict) else ages
    broker = _check(lambda: _broker(services.settings.broker_url))
    workers: int | str = "unknown"  # without a broker there is nothing to read
    states: list[WorkerHealth] = []
    if broker == "ok":
        found = _check(lambda: read_workers(services.settings.broker_url, services.settings.worker_stuck_after_s))
        if isinstance(found, list):
            states = [WorkerHealth(**vars(w)) for w in found]
            workers = sum(w.state != "stuck" for w in states)
        else:
            workers = found
    healthy = database == "ok" and broker == "ok" and isinstance(workers, int) and workers > 0
    body = Health(
        status="ok" if healthy else "degraded",
        database=database,
        broker=broker,
        workers=workers,
        worker_states=states,
        oldest_age_s=ages if isinstance(ages, dict) else None,
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if database == "ok" else 503)


def _check(probe):
    try:
        result = probe()
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none is raised
        log.warning("health check failed: %s", exc)
        return f"error: {type(exc).__name__}: {exc}"[:300]
    return "ok" if result is None else result


def _broker(url: str) -> str | None:
    if not url.startswith(("redis://", "rediss://")):
        return "unknown"
    broker_client.client(url, BROKER_TIMEOUT_S).ping()
    return None
