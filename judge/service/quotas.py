"""How much one user may ask of the judge: submissions per minute, and submissions waiting at once.

A course may set either for itself (judge.courses.course_file.CourseSettings): then the submissions made in
that course are counted apart, per student, against the course's numbers instead of the deployment's.

The rate is counted with the `limits` library in a moving window, kept in Redis (the broker by default), so
that every API process counts the same submissions; over either limit is a 429 with Retry-After. Should the
counter's store fail, submissions go through (the queue needs that Redis anyway) and the fault is logged.
"""

from __future__ import annotations

import logging
import math
import time

import limits
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from judge.db.models import Course, Submission
from judge.service.access import Viewer
from judge.errors import TooManyRequests
from judge.settings import Settings
from judge.verdicts import Status

log = logging.getLogger(__name__)


class Quota:
    def __init__(self, settings: Settings):
        self.per_minute = limits.parse(f"{settings.submissions_per_minute}/minute")
        self.max_pending = settings.max_pending_submissions
        self.limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage or settings.broker_url))

    def admit(self, session: Session, user: Viewer, course_id: str | None = None) -> None:
        """Count one submission of this user (in this course), or raise TooManyRequests saying when to retry."""
        course = session.get(Course, course_id) if course_id else None
        per_minute, max_pending = self.per_minute, self.max_pending
        pending = select(func.count(Submission.id)).where(
            Submission.user_id == user.id, Submission.status.in_((Status.QUEUED, Status.RUNNING))
        )
        window = ("submissions", user.id)
        if course is not None and course.max_pending_submissions is not None:
            max_pending = course.max_pending_submissions
            pending = pending.where(Submission.course_id == course.id)
        if course is not None and course.submissions_per_minute is not None:
            per_minute = limits.parse(f"{course.submissions_per_minute}/minute")
            window = ("submissions", user.id, "course", course.id)
        waiting = session.scalar(pending)
        if waiting >= max_pending:
            raise TooManyRequests(
                f"you have {waiting} submissions waiting to be judged, the most at once: wait for one to finish",
                retry_after=5,
            )
        try:
            if self.limiter.hit(per_minute, *window):
                return
            reset = self.limiter.get_window_stats(per_minute, *window).reset_time
        except Exception:  # noqa: BLE001 - the counter's store is down: let the submission through, and say so
            log.warning("the rate limit's store failed; not counting", exc_info=True)
            return
        wait = max(1, math.ceil(reset - time.time()))
        raise TooManyRequests(
            f"at most {per_minute.amount} submissions a minute: try again in {wait} s", retry_after=wait
        )
