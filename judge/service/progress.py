"""A submission's tests, as they are judged: what the worker publishes while the rest still run, and what the
API's event stream relays (GET /api/v1/submissions/{id}/events, `test` events).

Kept in Redis (the broker), one list per submission, which expires an hour after its last test: it is a
view of a run in progress, never the record (the stored result is). Each entry is the candidate's view of a
test (TestResult.for_candidate(): no hidden feedback) with its number within its group, so that the stream
names a hidden test as the results page does for the same reader (judge.service.access.test_view).

Each change is also announced on judge.service.wakeups.CHANNEL (claimed and the result stored as a status,
each test published as a test), which wakes the API's requests waiting for that submission.

A Redis that does not answer costs the stream its live tests, never the verdict: publishing and reading
fail quietly, and the result still comes from the database.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from judge.service.wakeups import CHANNEL, STATUS, TEST, announcement
from judge.verdicts import TestResult

log = logging.getLogger(__name__)
KEY = "judge:progress:{}"
TTL_S = 3600
TIMEOUT_S = 0.5


class Progress:
    def __init__(self, url: str):
        self.url = url
        self._client: Any = None

    def _redis(self) -> Any:
        if self._client is None:
            import redis

            self._client = redis.Redis.from_url(
                self.url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S, retry=None
            )
        return self._client

    def start(self, submission_id: str) -> None:
        """A new run of the submission: what an earlier, interrupted run published is dropped."""
        try:
            pipe = self._redis().pipeline()
            pipe.delete(KEY.format(submission_id))
            pipe.publish(CHANNEL, announcement(submission_id, STATUS))  # it runs now
            pipe.execute()
        except Exception:  # noqa: BLE001 - live progress is a nicety; the result is stored regardless
            log.debug("could not reset the progress of %s", submission_id, exc_info=True)

    def forget(self, submission_ids: list[str]) -> None:
        """Drop what was published of these submissions (an erased user's): it would expire within the hour."""
        try:
            for start in range(0, len(submission_ids), 500):
                keys = [KEY.format(i) for i in submission_ids[start : start + 500]]
                if keys:
                    self._redis().delete(*keys)
        except Exception:  # noqa: BLE001 - they expire on their own within TTL_S
            log.warning("could not drop the live progress of %d submissions", len(submission_ids), exc_info=True)

    def publish(self, submission_id: str, test: TestResult, number: int) -> None:
        entry = json.dumps({"number": number, "test": test.model_dump(mode="json")})
        try:
            pipe = self._redis().pipeline()
            pipe.rpush(KEY.format(submission_id), entry)
            pipe.expire(KEY.format(submission_id), TTL_S)
            pipe.publish(CHANNEL, announcement(submission_id, TEST))
            pipe.execute()
        except Exception:  # noqa: BLE001 - see start()
            log.debug("could not publish a test of %s", submission_id, exc_info=True)

    def changed(self, submission_id: str) -> None:
        """Announce that the submission moved (its result is stored): its waiters look again at once."""
        try:
            self._redis().publish(CHANNEL, announcement(submission_id, STATUS))
        except Exception:  # noqa: BLE001 - its waiters find it on their next safety look
            log.debug("could not announce %s", submission_id, exc_info=True)

    def read(self, submission_id: str, start: int = 0) -> list[tuple[TestResult, int]]:
        """The tests published from position `start` on, with their numbers within their groups."""
        try:
            raw = self._redis().lrange(KEY.format(submission_id), start, -1)
        except Exception:  # noqa: BLE001 - see start()
            return []
        entries = []
        for item in raw:
            entry = json.loads(item)
            entries.append((TestResult.model_validate(entry["test"]), int(entry["number"])))
        return entries
