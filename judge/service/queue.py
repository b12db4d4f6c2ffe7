"""The queue between the API and the workers: Celery on the broker, its task names, and sending to it.

Why these settings: results go to the database, not to Celery (no result
backend); a message is acknowledged only after its task ran (acks_late), one
at a time (prefetch 1); a task whose process died is not redelivered by
Celery (reject_on_worker_lost off): the sweeper re-enqueues it from the
database, which also covers a worker killed as a whole.

The API sends through this module; the worker (judge.worker) builds its app from it and defines the tasks.
"""

from __future__ import annotations

from collections.abc import Callable

from celery import Celery

from judge.service import fair_queue
from judge.settings import Settings

JUDGE_TASK = "judge.submission"  # judge this id: retries, tests, and a broker that is not Redis
JUDGE_NEXT_TASK = "judge.next"  # a token: judge the next id of the fair queue (judge.service.fair_queue)
SWEEP_TASK = "judge.sweep"
REJUDGE_TASK = "judge.rejudge"
WEBHOOK_TASK = "judge.webhook"
PARTNER_WEBHOOK_TASK = "judge.partner_webhook"  # an applicant tracking system told that a candidate finished
REFERENCES_TASK = "judge.references"  # derive a stored problem version's reference outputs, then publish it
QUEUE = "judge"
# Rejudges wait on their own queue; workers read it after QUEUE (Redis pops the first non-empty queue of the
# list), so live submissions go first.
REJUDGE_QUEUE = "judge-rejudge"
QUEUES = (QUEUE, REJUDGE_QUEUE)


def make_celery(settings: Settings, include: tuple[str, ...] = ()) -> Celery:
    app = Celery("judge", broker=settings.broker_url, include=list(include))
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        result_backend=None,
        task_acks_late=True,
        task_reject_on_worker_lost=False,
        worker_prefetch_multiplier=1,
        task_default_queue=QUEUE,
        task_routes={REJUDGE_TASK: {"queue": REJUDGE_QUEUE}},
        broker_connection_retry_on_startup=True,
        # "priority": the queues a worker reads are tried in their order each time, not in turn, so the rejudge
        # queue is read only when the live one is empty.
        broker_transport_options={"visibility_timeout": 3600, "queue_order_strategy": "priority"},
        beat_schedule={"sweep": {"task": SWEEP_TASK, "schedule": settings.sweep_every_s}},
        worker_hijack_root_logger=False,
    )
    return app


def fair(celery: Celery) -> str | None:
    """The broker's URL if the fair queue can live there (Redis), else None."""
    url = str(celery.conf.broker_url or "")
    return url if url.startswith(("redis://", "rediss://")) else None


def enqueuer(celery: Celery, lanes: Callable[[str], str] | None = None):
    """A function that queues one submission's judging by its id: into its lane of the fair queue, with a
    token, when the broker is Redis and `lanes` says whose it is; else straight to Celery, first come first
    served."""
    url = fair(celery)
    if lanes is None or url is None:
        return lambda submission_id: celery.send_task(JUDGE_TASK, args=[submission_id])

    def enqueue(submission_id: str) -> None:
        if fair_queue.push(url, submission_id, lanes(submission_id)):
            celery.send_task(JUDGE_NEXT_TASK)

    return enqueue


def top_up(celery: Celery) -> int:
    """Tokens for ids of the fair queue that have none (their token was lost with its worker): how many sent."""
    url = fair(celery)
    if url is None:
        return 0
    owed = fair_queue.owed_tokens(url, QUEUE)
    for _ in range(owed):
        celery.send_task(JUDGE_NEXT_TASK)
    return owed


def references_enqueuer(celery: Celery):
    """A function that queues the derivation of a problem version's reference outputs, by the version."""
    return lambda version: celery.send_task(REFERENCES_TASK, args=[version])


def rejudge_enqueuer(celery: Celery):
    """A function that queues one rejudge item, on the rejudge queue."""
    return lambda item_id: celery.send_task(REJUDGE_TASK, args=[item_id], queue=REJUDGE_QUEUE)
