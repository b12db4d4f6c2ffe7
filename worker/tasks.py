"""The tasks: each translates one message into one core call, and nothing more."""

from __future__ import annotations

import atexit
import functools
import logging
import os
import socket

from celery.signals import setup_logging, worker_process_init, worker_process_shutdown, worker_ready, worker_shutdown

from judge.errors import InvalidRequest, JudgeFailed, SandboxUnavailable
from judge.service import assessments, erasure, fair_queue, judging, partner, rejudges, webhooks
from judge.service.bank import ProblemBank, derive_and_publish
from judge.service.heartbeats import Beat
from judge.service.queue import (
    JUDGE_NEXT_TASK,
    JUDGE_TASK,
    PARTNER_WEBHOOK_TASK,
    REFERENCES_TASK,
    REJUDGE_QUEUE,
    REJUDGE_TASK,
    SWEEP_TASK,
    WEBHOOK_TASK,
    enqueuer,
    fair,
    top_up,
)
from judge.service.logs import configure, current_submission
from judge.service.runtime import build_services
from judge.service.services import Services
from judge.settings import Settings
from judge.worker.celery_app import app


@functools.cache
def services() -> Services:
    settings = Settings()
    if settings.sandbox.spare is None:  # a worker keeps a spare sandbox unless told not to
        settings = settings.model_copy(update={"sandbox": settings.sandbox.model_copy(update={"spare": True})})
    built = build_services(settings)
    atexit.register(built.judge.close)  # its spare removed when the process ends
    return built


@functools.cache
def heartbeat() -> Beat:
    """This process's heartbeat (judge.service.heartbeats), started on first use: /healthz reads it."""
    settings = services().settings
    return Beat(settings.broker_url, settings.heartbeat_s).start()


@functools.cache
def _enqueue():
    return enqueuer(app, fair_queue.lanes(services().sessions))


def enqueue(submission_id: str) -> None:
    """The API's enqueue, for what the sweeper and hiring's timers send again."""
    _enqueue()(submission_id)


log = logging.getLogger(__name__)
WEBHOOK_RETRIES = 5


@app.task(name=JUDGE_TASK, bind=True, max_retries=None)
def judge_submission(self, submission_id: str) -> None:
    """Judge this id: a retry, or a broker without the fair queue."""
    _judge(submission_id, self.request.retries)


@app.task(name=JUDGE_NEXT_TASK)
def judge_next() -> None:
    """A token of the fair queue (judge.service.fair_queue): judge the next submission it hands out, if any."""
    url = fair(app)
    submission_id = fair_queue.pop(url) if url else None
    if submission_id is not None:
        _judge(submission_id, 0)


def _judge(submission_id: str, retries: int) -> None:
    """One submission judged; a failure of the judge's own is sent again under its id, never back into a lane,
    so that it keeps its count of tries."""
    current_submission.set(submission_id)
    log.info("judging")
    built = services()
    try:
        with heartbeat().busy(submission_id):
            stored = judging.run_submission(built, submission_id, worker=f"{socket.gethostname()}:{os.getpid()}")
    except SandboxUnavailable as exc:  # the judge's infrastructure, never the candidate's code
        if retries >= built.settings.infra_retries:
            stored = judging.fail_submission(built, submission_id, f"the sandbox failed {retries + 1} times: {exc}")
        else:
            log.warning("the sandbox failed (%s); trying again", exc)
            app.send_task(JUDGE_TASK, args=[submission_id], countdown=min(60, 2**retries), retries=retries + 1)
            return
    except JudgeFailed as exc:  # internal_error, not final yet: later, behind live submissions
        countdown = built.settings.internal_error_backoff_s * 2 ** (exc.tries - 1)
        app.send_task(JUDGE_TASK, args=[submission_id], countdown=countdown, queue=REJUDGE_QUEUE, retries=retries + 1)
        return
    if stored:
        log.info("stored its result")
        for target in judging.webhook_targets(built, submission_id):
            app.send_task(WEBHOOK_TASK, args=[submission_id, target])


@app.task(name=WEBHOOK_TASK, bind=True, max_retries=WEBHOOK_RETRIES)
def deliver_webhook(self, submission_id: str, target: str = "submission") -> None:
    """POST a finished submission to its callback or its course's webhook, signed; retried with backoff, then
    given up (and logged)."""
    built = services()
    delivery = judging.webhook_delivery(built, submission_id, target)
    if delivery is None:
        return
    try:
        webhooks.deliver(*delivery, allow_private=built.settings.webhook_allow_private)
    except InvalidRequest as exc:  # the URL now resolves somewhere it must not: not retried
        log.warning("webhook of %s refused: %s", submission_id, exc)
    except Exception as exc:  # noqa: BLE001 - the receiver is down or failing: retried, a few times
        if self.request.retries >= WEBHOOK_RETRIES:
            log.warning("webhook of %s given up after %d tries: %s", submission_id, self.request.retries + 1, exc)
            return
        raise self.retry(exc=exc, countdown=min(300, 2 ** (self.request.retries + 1))) from None


@app.task(name=REJUDGE_TASK, bind=True, max_retries=None)
def rejudge_item(self, item_id: str) -> None:
    """One submission of a rejudge, judged again; its result waits in the report until staff apply it."""
    built = services()
    try:
        rejudges.run_item(built, item_id)
    except SandboxUnavailable as exc:
        if self.request.retries >= built.settings.infra_retries:
            return  # the item stays unfinished: the report shows it, and the rejudge cannot be applied
        raise self.retry(exc=exc, countdown=min(60, 2**self.request.retries)) from None


@app.task(name=REFERENCES_TASK, bind=True, max_retries=None)
def derive_references(self, version: str) -> str:
    """A stored problem version's reference outputs, derived in the sandbox (retried there), then the version
    published; refused, with the reason, if its reference fails."""
    built = services()
    registry = built.registry
    assert isinstance(registry, ProblemBank)  # a worker reads problems from the database
    try:
        outcome = derive_and_publish(built.sessions, registry, built.judge, version)
    except SandboxUnavailable as exc:
        if self.request.retries >= built.settings.infra_retries:
            log.error("the reference outputs of version %s could not be derived: %s", version[:12], exc)
            return "unavailable"
        raise self.retry(exc=exc, countdown=min(60, 2**self.request.retries)) from None
    log.info("version %s: %s", version[:12], outcome)
    return outcome


@app.task(name=SWEEP_TASK)
def sweep() -> list[str]:
    """Lost submissions sent again; then hiring's timers: assessments' clocks that ran out (their drafts
    submitted), applicant tracking systems told of candidates who finished, retention settings applied."""
    built = services()
    requeued = judging.sweep(
        built, enqueue, reap_job=built.judge.sandbox.reap_job, reap_worker=built.judge.sandbox.reap_owner
    )
    if top_up(app):
        log.warning("tokens of the fair queue were missing (lost with a worker); sent again")
    assessments.close_ended(built, enqueue)
    for invite_id in partner.due_notifications(built):
        app.send_task(PARTNER_WEBHOOK_TASK, args=[invite_id])
    erasure.apply_retention(built)
    return requeued


@app.task(name=PARTNER_WEBHOOK_TASK, bind=True, max_retries=WEBHOOK_RETRIES)
def deliver_partner_webhook(self, invite_id: str) -> None:
    """Tell an applicant tracking system that its candidate finished, signed; retried with backoff."""
    built = services()
    delivery = partner.delivery(built, invite_id)
    if delivery is None:
        return
    try:
        webhooks.deliver(*delivery, allow_private=built.settings.webhook_allow_private, event=partner.EVENT)
    except Exception as exc:  # noqa: BLE001 - any failure to deliver is retried, then given up
        if self.request.retries >= WEBHOOK_RETRIES:
            log.error("the partner webhook of invite %s was given up: %s", invite_id, exc)
            return
        raise self.retry(exc=exc, countdown=min(300, 2 ** (self.request.retries + 1))) from None


@setup_logging.connect
def _logging(**_) -> None:
    """Our format (JUDGE_LOG_FORMAT) rather than Celery's: one line per record, with the submission's id."""
    configure(Settings().log_format)


@worker_ready.connect
def _reap_orphans(sender=None, **_) -> None:
    """Containers left by a worker of this host that died (found by their owner's pid)."""
    services().judge.sandbox.reap_orphans()
    pool = getattr(sender, "pool", None)
    if pool is not None and type(pool).__module__.endswith(("solo", "threads")):
        heartbeat()  # it judges in this process: it beats from now, idle (a prefork pool's processes beat)


@worker_process_init.connect
def _beat_in_a_pool_process(**_) -> None:
    heartbeat()


@worker_process_shutdown.connect
@worker_shutdown.connect
def _remove_the_spare(**_) -> None:
    """The process's spare sandbox removed as it ends (a pool's process may end without atexit)."""
    if services.cache_info().currsize:
        services().judge.close()
