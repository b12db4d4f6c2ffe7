"""The tasks: each translates one message into one core call, and nothing more."""

from __future__ import annotations

import functools
import os
import socket

from celery.signals import worker_ready

from judge.errors import SandboxUnavailable
from judge.sandbox.reaper import reap, reap_job
from judge.service import rejudges, submissions
from judge.service.runtime import build_services
from judge.settings import Settings
from judge.service.queue import JUDGE_TASK, REJUDGE_TASK, SWEEP_TASK, enqueuer
from judge.worker.celery_app import app


@functools.cache
def services() -> submissions.Services:
    return build_services(Settings())


enqueue = enqueuer(app)


@app.task(name=JUDGE_TASK, bind=True, max_retries=None)
def judge_submission(self, submission_id: str) -> None:
    built = services()
    try:
        submissions.run_submission(built, submission_id, worker=f"{socket.gethostname()}:{os.getpid()}")
    except SandboxUnavailable as exc:  # the judge's infrastructure, never the candidate's code
        if self.request.retries >= built.settings.infra_retries:
            submissions.fail_submission(built, submission_id, f"the sandbox failed {self.request.retries + 1} times: {exc}")
            return
        raise self.retry(exc=exc, countdown=min(60, 2 ** self.request.retries)) from None


@app.task(name=REJUDGE_TASK, bind=True, max_retries=None)
def rejudge_item(self, item_id: str) -> None:
    """One submission of a rejudge, judged again; its result waits in the report until staff apply it."""
    built = services()
    try:
        rejudges.run_item(built, item_id)
    except SandboxUnavailable as exc:
        if self.request.retries >= built.settings.infra_retries:
            return  # the item stays unfinished: the report shows it, and the rejudge cannot be applied
        raise self.retry(exc=exc, countdown=min(60, 2 ** self.request.retries)) from None


@app.task(name=SWEEP_TASK)
def sweep() -> list[str]:
    built = services()
    return submissions.sweep(built, enqueue, reap_job=lambda job: reap_job(built.judge.sandbox.client, job))


@worker_ready.connect
def _reap_orphans(**_) -> None:
    """Containers left by a worker of this host that died (found by their owner's pid)."""
    reap(services().judge.sandbox.client)
