"""/metrics: Prometheus's text format, from the database and the broker (judge.service.metrics).

No token, like /healthz: it holds counts and ages only. Publish the API beyond loopback behind a proxy that
keeps /metrics for the scraper, as docs/deployment.md shows.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from judge.service.metrics import JudgeCollector
from judge.service.queue import QUEUE
from judge.service.judging import oldest_age_by_phase

router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format"}},
)
def metrics(request: Request) -> Response:
    """Submissions by status, the oldest's age per phase, judgings by verdict, retries, judge-time and end-to-end
    latency histograms, and the broker's queue length."""
    state = request.app.state
    registry = CollectorRegistry(auto_describe=False)
    registry.register(JudgeCollector(state.services, oldest_age_by_phase, lambda: _queue_length(state)))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def _queue_length(state) -> int | None:
    try:
        import redis

        client = redis.Redis.from_url(
            state.services.settings.broker_url, socket_connect_timeout=0.5, socket_timeout=0.5
        )
        try:
            return client.llen(QUEUE)
        finally:
            client.close()
    except Exception:  # noqa: BLE001 - no broker: the gauge is left out, the rest is still scraped
        return None
