"""The life of a submission in the workers: claimed, judged, stored; never lost.

- A worker claims it by moving it from queued to running in one UPDATE, so duplicate messages judge it once.
- While judging, the worker writes a heartbeat; the sweeper puts a running submission whose heartbeat
  stopped (a killed worker) back in the queue, and gives up on one whose workers keep dying on it.
- Its result goes into a table keyed by the submission, in the same transaction that finishes it, so it is
  stored exactly once; only the candidate's view of it (SubmissionResult.for_candidate) is ever stored.
- A Docker fault (SandboxUnavailable) releases the claim and propagates, for the task to retry.
- A judging that ends in the judge's own internal_error (a runner the machine starved, a crash, a bug) is not
  stored at once: the submission goes back to the queue and JudgeFailed propagates, for the task to try it again
  later on the rejudge lane, up to settings.internal_error_retries times (counted in the row, whichever message
  brings it back). Only then is internal_error final. The candidate's own faults are verdicts, never retried.
- Each test's result is published as soon as it is judged (judge.service.progress), and given to
  `on_event`, while the rest still run; the stored result stays the record.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import Counter
from collections.abc import Callable

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from judge.db.models import Course, PastResult, Submission, SubmissionResultRow, User, utcnow
from judge.errors import JudgeError, JudgeFailed, NotFound, SandboxUnavailable
from judge.format.model import TestCase
from judge.grading import examples_only, internal_error_result
from judge.problems import variants
from judge.service import access, similarity, webhooks
from judge.service.services import Enqueue, Services
from judge.service.submissions import detail, send
from judge.source import Source
from judge.verdicts import Status, SubmissionResult, TestResult, Verdict

log = logging.getLogger(__name__)
OnEvent = Callable[[str, TestResult], None]  # (submission id, a test's result as its author may see it)


def run_submission(services: Services, submission_id: str, worker: str, on_event: OnEvent | None = None) -> bool:
    """Judge one submission if it is still waiting; returns whether this call judged it."""
    if not _claim(services, submission_id, worker):
        return False
    with services.sessions() as session:
        row = session.get(Submission, submission_id)
        assert row is not None  # it was just claimed
        slug, version, source = row.problem, row.problem_version, Source(row.source, row.language, row.dialect)
        examples, seed = row.examples_only, row.variant_seed
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(services, submission_id, stop), daemon=True)
    beat.start()
    try:
        try:
            # The version it was accepted against, whatever has been published since.
            problem = services.registry.at(slug, version) if version else services.registry.get(slug)
            # Stored with the version when it was published: never derived here.
            references = services.registry.references(problem.slug, problem.version)
            if examples:
                problem, references = examples_only(problem, references)
            problem = variants.varied(problem, seed)  # the candidate's own hidden data, if they have a variant
            result = services.judge.judge(
                problem,
                source,
                label=submission_id,
                on_event=_publisher(services, submission_id, problem.tests, on_event),
                references=references,
            )
        except SandboxUnavailable:
            release(services, submission_id)
            raise
        except JudgeError as exc:
            result = _internal_error(services, slug, source, str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug of the judge: the same again on a retry, so reported now
            log.exception("judging submission %s failed unexpectedly", submission_id)
            result = _internal_error(services, slug, source, f"the judge failed: {type(exc).__name__}: {exc}")
    finally:
        stop.set()
        beat.join(timeout=5)
    if result.verdict is Verdict.INTERNAL_ERROR:
        tries = _count_failure(services, submission_id)
        log.error("judging submission %s failed (try %d): %s", submission_id, tries, result.message)
        if tries <= services.settings.internal_error_retries:
            release(services, submission_id)
            raise JudgeFailed(result.message or "internal_error", tries)
        result = result.model_copy(
            update={
                "message": f"the judge failed on this submission {tries} times; staff can rejudge it. The last "
                f"time: {result.message or 'no reason given'}"
            }
        )
    stored = store_result(services, submission_id, result)
    if stored:
        # After the verdict is stored, so that it never waits on this; from the full result, for the digests
        # of hidden tests' wrong outputs (judge.service.similarity), which are never shown.
        similarity.record(services, submission_id, result)
    return stored


def _count_failure(services: Services, submission_id: str) -> int:
    with services.sessions() as session:
        session.execute(
            update(Submission)
            .where(Submission.id == submission_id)
            .values(judge_failures=Submission.judge_failures + 1)
        )
        tries = session.scalar(select(Submission.judge_failures).where(Submission.id == submission_id))
        session.commit()
    return int(tries or 0)


def _publisher(
    services: Services, submission_id: str, tests: tuple[TestCase, ...], on_event: OnEvent | None
) -> Callable[[TestResult], None]:
    """What Judge.judge calls with each test's result: published for the event stream, with its number within
    its group (how its author sees a hidden test named), and given to on_event."""
    numbers, seen = {}, Counter[str]()
    for test in tests:
        seen[test.group] += 1
        numbers[test.name] = seen[test.group]
    if services.progress is not None:
        services.progress.start(submission_id)

    def publish(test: TestResult) -> None:
        if services.progress is not None:
            services.progress.publish(submission_id, test, numbers.get(test.name, 0))
        if on_event is not None:
            on_event(submission_id, test)

    return publish


def _claim(services: Services, submission_id: str, worker: str) -> bool:
    now = utcnow()
    with services.sessions() as session:
        claimed = session.execute(
            update(Submission)
            .where(Submission.id == submission_id, Submission.status == Status.QUEUED)
            .values(
                status=Status.RUNNING, started_at=now, heartbeat_at=now, worker=worker, attempts=Submission.attempts + 1
            )
        ).rowcount
        session.commit()
    return claimed == 1


def _heartbeat(services: Services, submission_id: str, stop: threading.Event) -> None:
    while not stop.wait(services.settings.heartbeat_s):
        try:
            with services.sessions() as session:
                session.execute(
                    update(Submission)
                    .where(Submission.id == submission_id, Submission.status == Status.RUNNING)
                    .values(heartbeat_at=utcnow())
                )
                session.commit()
        except Exception:  # noqa: BLE001 - a missed beat only risks a duplicate judging, which is harmless
            log.warning("heartbeat of %s failed", submission_id, exc_info=True)


def release(services: Services, submission_id: str) -> None:
    """Give a claimed submission back to the queue, for a retry."""
    with services.sessions() as session:
        # enqueued_at now: the retry is already scheduled, so the sweeper need not send another.
        session.execute(
            update(Submission)
            .where(Submission.id == submission_id, Submission.status == Status.RUNNING)
            .values(status=Status.QUEUED, heartbeat_at=None, enqueued_at=utcnow())
        )
        session.commit()


def store_result(services: Services, submission_id: str, result: SubmissionResult) -> bool:
    """Finish the submission with this result, unless it already has one; only the candidate's view is stored."""
    shown = result.for_candidate()
    with services.sessions() as session:
        try:
            session.add(
                SubmissionResultRow(
                    submission_id=submission_id,
                    verdict=shown.verdict.value,
                    score=shown.score,
                    result=shown.model_dump(mode="json"),
                )
            )
            session.execute(
                update(Submission)
                .where(Submission.id == submission_id)
                .values(status=Status.FINISHED, finished_at=utcnow(), heartbeat_at=None)
            )
            session.commit()
        except IntegrityError:
            session.rollback()
            return False
    if services.progress is not None:
        services.progress.changed(submission_id)  # whoever waits for it wakes now
    return True


def replace_result(services: Services, submission_id: str, result: SubmissionResult) -> None:
    """Give a finished submission a new result (a rejudge); the one it had moves to past_results, kept."""
    shown = result.for_candidate()
    with services.sessions() as session:
        current = session.get(SubmissionResultRow, submission_id)
        if current is None:
            raise NotFound(f"submission {submission_id} has no result to replace")
        session.add(
            PastResult(
                submission_id=submission_id,
                verdict=current.verdict,
                score=current.score,
                result=current.result,
                created_at=current.created_at,
            )
        )
        current.verdict, current.score = shown.verdict.value, shown.score
        current.result, current.created_at = shown.model_dump(mode="json"), utcnow()
        if shown.problem_version is not None:  # judged against another version this time
            row = session.get(Submission, submission_id)
            assert row is not None  # its result is
            row.problem_version = shown.problem_version
        session.commit()


def fail_submission(services: Services, submission_id: str, message: str) -> bool:
    """Give up after repeated infrastructure faults: the judge's fault, stored as internal_error."""
    with services.sessions() as session:
        row = session.get(Submission, submission_id)
        if row is None or row.status == Status.FINISHED:
            return False
        slug, source = row.problem, Source(row.source, row.language, row.dialect)
    return store_result(services, submission_id, _internal_error(services, slug, source, message))


def _internal_error(services: Services, slug: str, source: Source, message: str) -> SubmissionResult:
    try:
        return internal_error_result(services.registry.get(slug), source, message)
    except JudgeError:  # the problem is gone
        return result_without_tests(slug, source, message)


def result_without_tests(slug: str, source: Source, message: str) -> SubmissionResult:
    """internal_error for a problem that cannot be loaded any more: there are no tests to name."""
    return SubmissionResult(
        problem=slug,
        language=source.language,
        dialect=source.dialect,
        verdict=Verdict.INTERNAL_ERROR,
        score=0.0,
        tests=(),
        groups=(),
        message=message,
    )


# --- webhooks ------------------------------------------------------------------------------------


def webhook_targets(services: Services, submission_id: str) -> list[str]:
    """Where a finished submission is sent: "submission" (its own callback_url), "course" (its course's webhook,
    which hears of graded submissions only, never of a run on the examples)."""
    with services.sessions() as session:
        row = session.execute(
            select(Submission.callback_url, Course.webhook_url, Submission.examples_only)
            .outerjoin(Course, Course.id == Submission.course_id)
            .where(Submission.id == submission_id)
        ).first()
    if row is None:
        return []
    course_url = None if row[2] else row[1]
    return [target for target, url in (("submission", row[0]), ("course", course_url)) if url is not None]


def webhook_delivery(
    services: Services, submission_id: str, target: str = "submission"
) -> tuple[str, str, dict] | None:
    """(URL, secret, body) to send a finished submission to `target` (see webhook_targets); None if it has none.

    The body is the envelope GET returns. A submission's own callback gets its author's view, signed with the
    author's secret; a course's webhook goes to its staff: their view, signed with the course's secret."""
    with services.sessions() as session:
        row = session.get(Submission, submission_id)
        if row is None or row.result is None:
            return None
        user = session.get(User, row.user_id)
        assert user is not None  # a submission's user is never deleted
        stored = SubmissionResult.model_validate(row.result.result)
        if target == "course":
            course = session.get(Course, row.course_id) if row.course_id else None
            if course is None or course.webhook_url is None:
                return None
            if course.webhook_secret is None:
                course.webhook_secret = webhooks.new_secret()
            url, secret, result = course.webhook_url, course.webhook_secret, access.staff_view(stored)
        else:
            if row.callback_url is None:
                return None
            if user.webhook_secret is None:
                user.webhook_secret = webhooks.new_secret()
            url, secret, result = row.callback_url, user.webhook_secret, access.author_view(row, stored)
        session.commit()
        shown = detail(row, user.name, result)
        if result.withheld:  # the assessment shows its candidates no verdict or score
            shown = shown.model_copy(update={"verdict": None, "score": None})
        return url, secret, shown.model_dump(mode="json")


# --- recovering ----------------------------------------------------------------------------------


def sweep(
    services: Services,
    enqueue: Enqueue,
    reap_job: Callable[[str], None] = lambda _: None,
    now: dt.datetime | None = None,
    reap_worker: Callable[[str], None] = lambda _: None,
) -> list[str]:
    """Re-enqueue what was lost: queued too long, or running without a heartbeat. Returns the ids."""
    now = now or utcnow()
    settings = services.settings
    stale = now - dt.timedelta(seconds=settings.stale_after_s)
    waiting = now - dt.timedelta(seconds=settings.requeue_after_s)
    requeued = []
    with services.sessions() as session:
        dead = session.scalars(
            select(Submission).where(Submission.status == Status.RUNNING, Submission.heartbeat_at < stale)
        ).all()
        given_up = []
        for row in dead:
            reap_job(row.id)  # the dead attempt's container, wherever its worker ran
            if row.worker:
                reap_worker(row.worker)  # and its worker's others: a spare's label is not the submission's
            if row.attempts >= settings.max_attempts:
                # Its workers keep dying on it: whatever the cause, judging it again would only kill another.
                log.error("submission %s lost its worker %d times; giving up", row.id, row.attempts)
                given_up.append(row.id)
                continue
            log.warning("submission %s lost its worker %s; judging it again", row.id, row.worker)
            row.status, row.heartbeat_at = Status.QUEUED, None
        session.commit()
        dead = [row for row in dead if row.id not in given_up]
        lost = session.scalars(
            select(Submission).where(
                Submission.status == Status.QUEUED,
                or_(
                    Submission.enqueued_at < waiting,
                    Submission.enqueued_at.is_(None) & (Submission.received_at < waiting),
                )
                | Submission.id.in_([row.id for row in dead]),
            )
        ).all()
        for row in lost:
            if send(session, row, enqueue):
                requeued.append(row.id)
    for submission_id in given_up:
        fail_submission(
            services,
            submission_id,
            f"judging was interrupted {settings.max_attempts} times (its worker died each time); not retried again",
        )
    return requeued


def oldest_age_by_phase(services: Services, now: dt.datetime | None = None) -> dict[str, float | None]:
    """Seconds since the oldest submission entered its current phase: the operational signal."""
    now = now or utcnow()
    ages: dict[str, float | None] = {}
    with services.sessions() as session:
        for status, column in ((Status.QUEUED, Submission.received_at), (Status.RUNNING, Submission.started_at)):
            oldest = session.scalar(select(func.min(column)).where(Submission.status == status))
            ages[status.value] = None if oldest is None else round((now - oldest).total_seconds(), 3)
    return ages
