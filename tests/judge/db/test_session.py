"""The engine's pool: never more connections than its size, however many threads ask at once."""

from __future__ import annotations

import threading

import pytest

from sqlalchemy import text

from judge.db.session import make_engine, make_sessionmaker

pytestmark = pytest.mark.service


def test_a_burst_of_threads_shares_the_pool_and_opens_no_connection_past_it(postgres_url):
    # Before, 10 connections past the pool's 5 were opened for a burst and closed after one request each: every
    # one a new backend for PostgreSQL to start, on the CPUs the sandboxes were using.
    sessions = make_sessionmaker(make_engine(postgres_url, pool_size=3))
    start, backends, lock = threading.Barrier(12), set(), threading.Lock()

    def ask() -> None:
        start.wait(timeout=30)
        with sessions() as session:
            backend = session.scalar(text("SELECT pg_backend_pid() FROM pg_sleep(0.05)"))
        with lock:
            backends.add(backend)

    threads = [threading.Thread(target=ask) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(backends) <= 3, backends  # twelve at once, served by three connections in turn
    assert sessions.kw["bind"].pool.size() == 3
