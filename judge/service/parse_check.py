"""The parse check of a new submission, run in a pool of processes apart from the API's, with a deadline.

A valid query of the largest allowed size can cost sqlglot's qualify and annotate most of a minute. Run in
the API's own process (as it was), four such POSTs slowed every other user's reads eighteenfold, and, inside
a database session, sixteen took every connection. So the check (Kind.parse_job) runs in one of
`parse_workers` processes of their own, at a lower CPU priority than the API; the caller waits at most
`parse_timeout_s` and holds no database connection meanwhile (judge.service.submissions). A check that is
not done by then is given up: its process is killed (pebble), and the submission goes to the sandbox
unchecked, where its parse is bounded by the sandbox's own limits and is the candidate's time.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from pebble import ProcessPool

from judge.format.model import Problem
from judge.source import Source
from judge.verdicts import CompileDiagnostic

log = logging.getLogger(__name__)


def _lower_priority() -> None:
    try:
        os.nice(10)
    except OSError:
        pass


class ParseChecker:
    def __init__(self, workers: int, timeout_s: float):
        self.workers, self.timeout_s = workers, timeout_s
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()

    def _started(self) -> ProcessPool:
        with self._lock:
            if self._pool is None or not self._pool.active:
                # spawn: the API process has threads (and connections) that a fork would copy half-made.
                self._pool = ProcessPool(
                    max_workers=self.workers,
                    initializer=_lower_priority,
                    context=multiprocessing.get_context("spawn"),
                )
            return self._pool

    def check(self, problem: Problem, source: Source) -> CompileDiagnostic | None:
        """The kind's parse check of the source: its diagnostic, or None if it passed or was given up."""
        job = problem.kind.parse_job(problem, source)
        if job is None:
            return None
        diagnostic: CompileDiagnostic | None = self.run(
            job.function, job.args, f"the parse check of a {source.language} submission to {problem.slug}"
        )
        return diagnostic

    def run(
        self, function: Callable[..., Any], args: tuple[Any, ...], what: str, timeout_s: float | None = None
    ) -> Any:
        """function(*args) in one of the pool's processes, or None if it is not done within the deadline or
        broke. The other bounded parses of the service use it too (judge.service.similarity's fingerprints)."""
        timeout = self.timeout_s if timeout_s is None else timeout_s
        future = self._started().schedule(function, args=args, timeout=timeout)
        try:
            return future.result(timeout=timeout + 1.0)  # the queue's wait, and the job's own
        except (FutureTimeout, TimeoutError):
            future.cancel()
            log.info("%s was given up", what)
            return None
        except Exception:  # noqa: BLE001 - a job that broke is no reason to refuse the candidate
            log.warning("%s failed", what, exc_info=True)
            return None

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.stop()
                self._pool.join(timeout=5)
                self._pool = None
