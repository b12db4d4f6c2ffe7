"""The Celery application: `celery -A judge.worker.celery_app worker`, plus `celery -A judge.worker.celery_app beat`
once per deployment for the sweeper (compose.yaml runs it as its own service; `worker -B` embeds it).

Its configuration is judge.service.queue's, shared with the API that sends to it.
"""

from __future__ import annotations

from judge.service.queue import make_celery
from judge.settings import Settings

app = make_celery(Settings(), include=("judge.worker.tasks",))
