"""One Redis client per broker URL, timeout and process, shared by what the service keeps in the broker's
Redis (the fair queue, heartbeats, /healthz): a request reuses a pooled connection instead of connecting.

redis-py's pool makes new connections after a fork, so a client made before Celery forks is safe to use in
the child. Replies are text.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def client(url: str, timeout_s: float = 5.0) -> Any:
    import redis

    return redis.Redis.from_url(
        url, socket_connect_timeout=min(2.0, timeout_s), socket_timeout=timeout_s, decode_responses=True
    )
