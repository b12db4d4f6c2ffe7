"""Each worker process's own heartbeat, in the broker's Redis: what /healthz reports, worker by worker.

A worker process writes its key every `heartbeat_s` from a thread of its own, saying what it does: idle, or
the submission it judges and since when. The key expires after STALE_BEATS missed beats, so a worker that died
disappears. A worker still beating whose judging has run longer than `stuck_after_s` is stuck: its thread
beats, its work does not move. A ping answered by the worker's main process could not tell either apart from
a healthy one.

Workers also stand in one sorted set (REGISTRY, by their last beat), so that /healthz reads them with two
commands whatever else the broker holds, instead of scanning every key of the broker; a name whose key has
expired is dropped from it there.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from judge.service import broker

log = logging.getLogger(__name__)
KEY_PREFIX = "judge:worker:"
REGISTRY = "judge:workers"
STALE_BEATS = 5
MAX_WORKERS_READ = 1000  # a bound on what one /healthz reads


@dataclass(frozen=True)
class WorkerState:
    name: str
    state: str  # "idle", "judging" or "stuck"
    submission: str | None
    busy_s: float | None  # how long it has judged its submission
    beat_age_s: float  # since its last beat


class Beat:
    """One worker process's heartbeat: a daemon thread that writes its key until the process ends."""

    def __init__(self, broker_url: str, every_s: float, name: str | None = None):
        self.broker_url, self.every_s = broker_url, every_s
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self._job: tuple[str, float] | None = None  # (submission, wall-clock time it started)
        self._thread: threading.Thread | None = None

    def start(self) -> Beat:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="judge-heartbeat", daemon=True)
            self._thread.start()
        return self

    @contextmanager
    def busy(self, submission_id: str) -> Iterator[None]:
        self._job = (submission_id, time.time())
        self.beat()
        try:
            yield
        finally:
            self._job = None
            self.beat()

    def beat(self) -> None:
        job = self._job
        now = time.time()
        body = {"at": now, "submission": job[0] if job else None, "since": job[1] if job else None}
        try:
            pipe = broker.client(self.broker_url, 2.0).pipeline(transaction=False)
            pipe.set(KEY_PREFIX + self.name, json.dumps(body), ex=max(1, int(self.every_s * STALE_BEATS) + 1))
            pipe.zadd(REGISTRY, {self.name: now})
            pipe.execute()
        except Exception:  # noqa: BLE001 - a missed beat shows as a stale worker, which is what it is
            log.warning("the worker's heartbeat could not be written", exc_info=True)

    def _run(self) -> None:
        while True:
            self.beat()
            time.sleep(self.every_s)


def read_workers(broker_url: str, stuck_after_s: float, now: float | None = None) -> list[WorkerState]:
    """Every worker whose heartbeat has not expired, as its own beat says, by name."""
    now = time.time() if now is None else now
    client = broker.client(broker_url, 1.0)
    names = client.zrevrange(REGISTRY, 0, MAX_WORKERS_READ - 1)  # the latest beats first
    values = client.mget([KEY_PREFIX + name for name in names]) if names else []
    gone = [name for name, raw in zip(names, values) if raw is None]
    if gone:
        client.zrem(REGISTRY, *gone)  # expired: the worker died or stopped
    workers = []
    for name, raw in zip(names, values):
        if raw is None:
            continue
        try:
            beat = json.loads(raw)
            at, since, submission = float(beat["at"]), beat.get("since"), beat.get("submission")
        except (ValueError, KeyError, TypeError):
            continue
        busy = None if since is None else max(0.0, now - float(since))
        state = "idle" if busy is None else "stuck" if busy > stuck_after_s else "judging"
        workers.append(WorkerState(name, state, submission, busy, max(0.0, now - at)))
    return sorted(workers, key=lambda w: w.name)
