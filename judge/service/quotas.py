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
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from judge.db.models import Course, Submission, User
from judge.service.access import Viewer
from judge.errors import TooManyRequests
from judge.settings import Settings
from judge.verdicts import Status

log = logging.getLogger(__name__)


class Quota:
    def __init__(self, settings: Settings):
        self.per_minute = limits.parse(f"{settings.submissions_per_minute}/minute")
        self.max_pending = settings.max_pending_submissions
        self.rejudges = limits.parse(f"{settings.rejudged_submissions_per_hour}/hour")
        self.limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage or settings.broker_url))

    def _pending(self, session: Session, user: Viewer, course: Course | None) -> None:
        """Raise TooManyRequests if this user (in this course) has as many submissions waiting as allowed."""
        max_pending = self.max_pending
        pending = select(func.count(Submission.id)).where(
            Submission.user_id == user.id, Submission.status.in_((Status.QUEUED, Status.RUNNING))
        )
        if course is not None and course.max_pending_submissions is not None:
            max_pending = course.max_pending_submissions
            pending = pending.where(Submission.course_id == course.id)
        waiting = session.scalar(pending) or 0
        if waiting >= max_pending:
            raise TooManyRequests(
                f"you have {waiting} submissions waiting to be judged, the most at once: wait for one to finish",
                retry_after=5,
            )

    def hold_pending(self, session: Session, user: Viewer, course_id: str | None = None) -> None:
        """The pending limit, counted again under a lock on the user's row that lasts until the caller commits
        its new submission: concurrent submissions of one user are counted one after the other, never past it.
        A no-op update takes the lock on every database (a row lock on PostgreSQL, the write lock on SQLite)."""
        session.execute(update(User).where(User.id == user.id).values(id=User.id))
        self._pending(session, user, session.get(Course, course_id) if course_id else None)

    def admit(self, session: Session, user: Viewer, course_id: str | None = None) -> None:
        """Count one submission of this user (in this course), or raise TooManyRequests saying when to retry.
        The pending limit is checked here early, and held at the insert (hold_pending)."""
        course = session.get(Course, course_id) if course_id else None
        per_minute = self.per_minute
        window = ("submissions", user.id)
        if course is not None and course.submissions_per_minute is not None:
            per_minute = limits.parse(f"{course.submissions_per_minute}/minute")
            window = ("submissions", user.id, "course", course.id)
        self._pending(session, user, course)
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

    def admit_rejudge(self, user: Viewer, submissions: int) -> None:
        """Count a rejudge of this many submissions against the user's hourly share, or raise TooManyRequests.
        A rejudge costs the judge what as many submissions do; admins, who run the deployment, are not counted."""
        if user.is_admin:
            return
        if submissions > self.rejudges.amount:
            raise TooManyRequests(
                f"a rejudge of {submissions} submissions is more than the {self.rejudges.amount} you may rejudge "
                "in an hour: rejudge less at once, or ask an admin",
                retry_after=3600,
            )
        window = ("rejudges", user.id)
        try:
            if self.limiter.hit(self.rejudges, *window, cost=submissions):
                return
            reset = self.limiter.get_window_stats(self.rejudges, *window).reset_time
        except Exception:  # noqa: BLE001 - the counter's store is down: as for submissions
            log.warning("the rate limit's store failed; not counting", exc_info=True)
            return
        wait = max(1, math.ceil(reset - time.time()))
        raise TooManyRequests(
            f"at most {self.rejudges.amount} submissions rejudged an hour: try again in {wait} s", retry_after=wait
        )
