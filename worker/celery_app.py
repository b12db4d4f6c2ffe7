"""The Celery application: `celery -A worker.celery_app worker`, plus `celery -A worker.celery_app beat`
once per deployment for the sweeper (compose.yaml runs it as its own service; `worker -B` embeds it).

Why these settings: results go to the database, not to Celery (no result
backend); a message is acknowledged only after its task ran (acks_late), one
at a time (prefetch 1); a task whose process died is not redelivered by
Celery (reject_on_worker_lost off): the sweeper re-enqueues it from the
database, which also covers a worker killed as a whole.
"""

from __future__ import annotations

from celery import Celery

from judge.settings import Settings

JUDGE_TASK = "judge.submission"
SWEEP_TASK = "judge.sweep"
QUEUE = "judge"


def make_celery(settings: Settings) -> Celery:
    app = Celery("judge", broker=settings.broker_url, include=["worker.tasks"])
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        result_backend=None,
        task_acks_late=True,
        task_reject_on_worker_lost=False,
        worker_prefetch_multiplier=1,
        task_default_queue=QUEUE,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": 3600},
        beat_schedule={"sweep": {"task": SWEEP_TASK, "schedule": settings.sweep_every_s}},
        worker_hijack_root_logger=False,
    )
    return app


app = make_celery(Settings())
