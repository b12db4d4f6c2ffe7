"""How much one user may ask of the judge: submissions per minute, and submissions waiting at once.

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

from judge.db.models import Submission, User
from judge.errors import TooManyRequests
from judge.settings import Settings
from judge.verdicts import Status

log = logging.getLogger(__name__)


class Quota:
    def __init__(self, settings: Settings):
        self.per_minute = limits.parse(f"{settings.submissions_per_minute}/minute")
        self.max_pending = settings.max_pending_submissions
        self.limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage or settings.broker_url))

    def admit(self, session: Session, user: User) -> None:
        """Count one submission of this user, or raise TooManyRequests saying when to try again."""
        pending = session.scalar(select(func.count(Submission.id)).where(
            Submission.user_id == user.id, Submission.status.in_((Status.QUEUED, Status.RUNNING))))
        if pending >= self.max_pending:
            raise TooManyRequests(f"you have {pending} submissions waiting to be judged, the most at once: wait for "
                                  "one to finish", retry_after=5)
        try:
            if self.limiter.hit(self.per_minute, "submissions", user.id):
                return
            reset = self.limiter.get_window_stats(self.per_minute, "submissions", user.id).reset_time
        except Exception:  # noqa: BLE001 - the counter's store is down: let the submission through, and say so
            log.warning("the rate limit's store failed; not counting", exc_info=True)
            return
        wait = max(1, math.ceil(reset - time.time()))
        raise TooManyRequests(f"at most {self.per_minute.amount} submissions a minute: try again in {wait} s",
                              retry_after=wait)
