"""What Prometheus scrapes at /metrics, read from the database (and the broker) at each scrape.

Read from the database rather than counted in memory, so that every API process reports the same figures and
no worker process has to be scraped: the submissions table is the record of everything judged.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from judge.db.models import PastResult, RejudgeItem, Submission, SubmissionResultRow
from judge.service.queue import QUEUE
from judge.verdicts import Status

BUCKETS = (0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600)  # seconds


class JudgeCollector:
    def __init__(self, services, oldest_age_by_phase, queue_length=None):
        self.services = services
        self.oldest_age_by_phase = oldest_age_by_phase
        self.queue_length = queue_length  # () -> int | None: messages waiting in the broker

    def collect(self):
        with self.services.sessions() as session:
            by_status = dict(session.execute(select(Submission.status, func.count()).group_by(Submission.status)).all())
            by_verdict = judgings_by_verdict(session)
            failed = session.scalar(select(func.coalesce(func.sum(Submission.judge_failures), 0)))
            retried = session.scalar(
                select(func.coalesce(func.sum(Submission.attempts - 1), 0)).where(Submission.attempts > 1)
            )
            times = session.execute(
                select(Submission.received_at, Submission.started_at, Submission.finished_at).where(
                    Submission.status == Status.FINISHED
                )
            ).all()
        submissions = GaugeMetricFamily("judge_submissions", "Submissions by status", labels=["status"])
        for status in Status:
            submissions.add_metric([status.value], by_status.get(status, 0))
        yield submissions
        ages = GaugeMetricFamily(
            "judge_oldest_age_seconds", "Age of the oldest submission in each phase", labels=["phase"]
        )
        for phase, age in self.oldest_age_by_phase(self.services).items():
            ages.add_metric([phase], age or 0.0)
        yield ages
        judgings = CounterMetricFamily(
            "judge_judgings",
            "Judgings that gave a verdict (first judgings and rejudges), by verdict",
            labels=["verdict"],
        )
        for verdict, count in sorted(by_verdict.items()):
            judgings.add_metric([verdict], count)
        yield judgings
        yield CounterMetricFamily(
            "judge_failed_judgings",
            "Judgings that ended in the judge's own internal_error (each tried again, up to its bound)",
            value=failed or 0,
        )
        yield CounterMetricFamily(
            "judge_retried_attempts", "Judgings started again after a worker or the sandbox failed", value=retried or 0
        )
        yield _histogram(
            "judge_judge_seconds",
            "Time from a worker's start to the stored result",
            [_seconds(s, f) for _, s, f in times if s and f],
        )
        yield _histogram(
            "judge_end_to_end_seconds",
            "Time from receipt to the stored result",
            [_seconds(r, f) for r, _, f in times if r and f],
        )
        if self.queue_length is not None:
            length = self.queue_length()
            if length is not None:
                yield _gauge("judge_queue_length", "Messages waiting in the broker's queue", QUEUE, length)


def judgings_by_verdict(session: Session) -> Counter[str]:
    """Every judging's verdict, counted once and never uncounted, as a Prometheus counter must be: each
    submission's first judging (its oldest result: the first of its past results if a rejudge replaced it, else
    its result), and every rejudge's judging of a submission, applied or not."""
    first = Counter[str]()
    replaced = set()
    oldest = {}
    for submission_id, verdict, created in session.execute(
        select(PastResult.submission_id, PastResult.verdict, PastResult.created_at)
    ).all():
        replaced.add(submission_id)
        if submission_id not in oldest or created < oldest[submission_id][1]:
            oldest[submission_id] = (verdict, created)
    first.update(verdict for verdict, _ in oldest.values())
    for submission_id, verdict in session.execute(
        select(SubmissionResultRow.submission_id, SubmissionResultRow.verdict)
    ).all():
        if submission_id not in replaced:
            first[verdict] += 1
    first.update(session.scalars(select(RejudgeItem.new_verdict).where(RejudgeItem.new_verdict.is_not(None))).all())
    return first


def _gauge(name: str, text: str, queue: str, value: float) -> GaugeMetricFamily:
    gauge = GaugeMetricFamily(name, text, labels=["queue"])
    gauge.add_metric([queue], value)
    return gauge


def _seconds(start: dt.datetime, end: dt.datetime) -> float:
    return max(0.0, (end - start).total_seconds())


def _histogram(name: str, text: str, values: list[float]) -> HistogramMetricFamily:
    counts = [0] * (len(BUCKETS) + 1)
    for value in values:
        counts[bisect.bisect_left(BUCKETS, value)] += 1
    cumulative, buckets = 0, []
    for bound, count in zip([*map(str, BUCKETS), "+Inf"], counts):
        cumulative += count
        buckets.append((bound, cumulative))
    return HistogramMetricFamily(name, text, buckets=buckets, sum_value=sum(values))
