"""The live queue, fair across users: each user's submissions wait in a lane of their own, in Redis, and a free
worker takes the lane that was served longest ago.

Why: Celery on Redis is first come, first served, so one user's fifty slow submissions would delay everyone
queued after them by all fifty. Here the Celery message is only a token ("judge the next one"); the worker that
runs it pops, atomically, the oldest id of the lane served longest ago. So whatever anyone has queued, a
submission waits for at most one submission of each other active user, and the choice is made when a worker
is free (a token prefetched by a worker carries no id, so prefetching cannot jump the queue).

Invariants:
- An id waits in at most one place, once (MEMBERS): enqueueing one that already waits, as the sweeper does
  for anything queued a while, sends no token.
- A lane is in RING exactly while it holds ids. Its score is the serial of its last turn (a lane never served
  goes before every lane that was), so a lane that just had its turn goes behind every lane waiting.
- Tokens are interchangeable: one too many pops nothing; one too few (a token lost with its worker) is made
  up by the sweeper (`top_up`), which sends one per id waiting beyond the tokens queued or held.
- An id popped by a worker that died before claiming it is still QUEUED in the database and waits nowhere:
  the sweeper sends it again. Nothing is lost, and the database stays what decides whether it is judged.
- Rejudges and the retries of a failed judge carry their ids on the rejudge queue, behind all live work.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from judge.db.models import Submission
from judge.service import broker

PREFIX = "judge:fair:"
MEMBERS = PREFIX + "members"  # set: every id waiting in a lane
RING = PREFIX + "ring"  # sorted set: lane -> serial of its last turn
SERVED = PREFIX + "served"  # hash: lane -> serial of its last turn, kept while the lane is empty
SERIAL = PREFIX + "serial"  # counter: one per turn
LANE = PREFIX + "lane:"  # list per lane: its ids, oldest first
NEVER_SERVED = 1e12  # below every serial: a lane that never had a turn goes first
MAX_TOP_UP = 1000  # tokens one sweep may send

# KEYS: members, ring, served, serial, the lane's list; ARGV: id, lane. Returns 1 if it now waits, 0 if it did.
_PUSH = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('RPUSH', KEYS[5], ARGV[1]) == 1 then
  local last = redis.call('HGET', KEYS[3], ARGV[2])
  local score = last and tonumber(last) or (tonumber(redis.call('GET', KEYS[4]) or '0') - tonumber(ARGV[3]))
  redis.call('ZADD', KEYS[2], score, ARGV[2])
end
return 1
"""

# KEYS: members, ring, served, serial; ARGV: the lanes' key prefix. Returns the id, or nil if nothing waits.
_POP = """
local top = redis.call('ZRANGE', KEYS[2], 0, 0)
if #top == 0 then return false end
local lane = top[1]
local key = ARGV[1] .. lane
local id = redis.call('LPOP', key)
local turn = redis.call('INCR', KEYS[4])
redis.call('HSET', KEYS[3], lane, turn)
if redis.call('LLEN', key) > 0 then
  redis.call('ZADD', KEYS[2], turn, lane)
else
  redis.call('ZREM', KEYS[2], lane)
end
if id then redis.call('SREM', KEYS[1], id) end
return id
"""


def push(url: str, submission_id: str, lane: str) -> bool:
    """Put a submission in its lane; False if it waits already (then no token is owed)."""
    keys = [MEMBERS, RING, SERVED, SERIAL, LANE + lane]
    return bool(broker.client(url).eval(_PUSH, len(keys), *keys, submission_id, lane, NEVER_SERVED))


def pop(url: str) -> str | None:
    """The oldest id of the lane served longest ago, taken out of the queue; None if nothing waits."""
    found = broker.client(url).eval(_POP, 4, MEMBERS, RING, SERVED, SERIAL, LANE)
    return str(found) if found else None


def waiting(url: str) -> int:
    return int(broker.client(url).scard(MEMBERS))


def owed_tokens(url: str, celery_queue: str) -> int:
    """How many ids wait beyond the tokens that could still take them: those queued in Celery's list and those
    a worker holds unacknowledged (kombu's "unacked" hash, which over-counts: it holds other tasks too, so a
    lost token is made up once the queue has drained, never twice)."""
    redis = broker.client(url)
    held = int(redis.llen(celery_queue)) + int(redis.hlen("unacked"))
    return max(0, min(MAX_TOP_UP, waiting(url) - held))


def lane_of(user_id: str | None) -> str:
    """A submission's lane: its user's, whatever course it is for (a lane per course would give a user in two
    courses two turns). Without a user, one shared lane."""
    return f"user:{user_id}" if user_id else "anonymous"


def lanes(sessions: sessionmaker[Session]) -> Callable[[str], str]:
    """The lane of a stored submission, by its id."""

    def lane(submission_id: str) -> str:
        with sessions() as session:
            return lane_of(session.scalar(select(Submission.user_id).where(Submission.id == submission_id)))

    return lane
