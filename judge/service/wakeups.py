"""Waking a request that waits for a submission when the submission moves, instead of querying the database
every 0.2 s: the long-poll (`GET …/{id}?wait=`), the event stream and, through them, the web pages.

Workers announce on one Redis channel (judge.service.progress.Progress.changed): when a submission is claimed
and when its result is stored (a STATUS change), and each time a test is published (a TEST). Each API process
listens once, on a thread of its own, and sets the asyncio event of every request waiting for that id and
that kind of change: a long-poll returns only a status, so the 53 tests of a submission do not wake it 53
times to read the database for nothing; the event stream relays tests, so it hears both.

Pub/sub is fire and forget, so a message can be lost (a listener reconnecting, Redis restarting). That costs
latency, never a result: a waiter still looks every SAFETY_S, and while the listener is not connected it
looks every POLL_S, as before. A waiter registers before it looks, so an announcement made between its look
and its wait is not missed.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)
CHANNEL = "judge:changed"
SAFETY_S = 5.0  # a waiter looks this often whatever it hears
POLL_S = 0.2  # how often it looks while nothing can be heard
RECONNECT_S = 1.0
READ_S = 1.0  # how long one read of the channel blocks: how soon the thread sees it should stop
STATUS, TEST = "status", "test"  # the kinds of change announced


def announcement(submission_id: str, kind: str) -> str:
    """What is published on CHANNEL: the id, a space, the kind (ids have no spaces)."""
    return f"{submission_id} {kind}"


class Waiter:
    """One request's wait for one submission."""

    def __init__(self, listener: Listener, tests: bool):
        self._listener = listener
        self.tests = tests  # woken by each test published too, not only by a change of status
        self._loop = asyncio.get_running_loop()
        self._event = asyncio.Event()

    def wake(self) -> None:  # from the listener's thread
        self._loop.call_soon_threadsafe(self._event.set)

    async def changed(self, timeout: float) -> bool:
        """Until the submission is announced or `timeout` passes (at most SAFETY_S, or POLL_S while deaf);
        whether it was announced. Ready for the next wait afterwards."""
        bound = SAFETY_S if self._listener.connected else POLL_S
        try:
            await asyncio.wait_for(self._event.wait(), max(0.0, min(timeout, bound)))
            return True
        except TimeoutError:
            return False
        finally:
            self._event.clear()


class Listener:
    """The API process's one subscription; started by the first wait, stopped with the app."""

    def __init__(self, url: str | None):
        self.url = url if url and url.startswith(("redis://", "rediss://")) else None
        self.connected = False
        self._waiters: dict[str, set[Waiter]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @contextmanager
    def watch(self, submission_id: str, tests: bool = False) -> Iterator[Waiter]:
        """Wait for changes of the submission's status, and with `tests` for each test published."""
        self._ensure_started()
        waiter = Waiter(self, tests)
        with self._lock:
            self._waiters.setdefault(submission_id, set()).add(waiter)
        try:
            yield waiter
        finally:
            with self._lock:
                waiting = self._waiters.get(submission_id)
                if waiting is not None:
                    waiting.discard(waiter)
                    if not waiting:
                        del self._waiters[submission_id]

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=READ_S + 1)

    def _ensure_started(self) -> None:
        if self.url is None or self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="judge-wakeups", daemon=True)
                self._thread.start()

    def _wake(self, data: str) -> None:
        submission_id, _, kind = data.partition(" ")
        with self._lock:
            waiting = list(self._waiters.get(submission_id, ()))
        for waiter in waiting:
            if kind != TEST or waiter.tests:
                waiter.wake()

    def _run(self) -> None:
        import redis

        while not self._stop.is_set():
            client: Any = None
            try:
                client = redis.Redis.from_url(
                    self.url, socket_connect_timeout=2, socket_timeout=READ_S + 5, decode_responses=True
                )
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                self.connected = True
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=READ_S)
                    if message is not None and message.get("type") == "message":
                        self._wake(str(message["data"]))
            except Exception:  # noqa: BLE001 - deaf for a while: waiters look every POLL_S meanwhile
                log.debug("the wakeup channel dropped; connecting again", exc_info=True)
            finally:
                self.connected = False
                if client is not None:
                    client.close()
            self._stop.wait(RECONNECT_S)
