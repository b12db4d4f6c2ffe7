"""The fair queue (judge.service.fair_queue) on a real Redis, then with a real worker judging in real sandboxes:
one user's backlog never delays another user by more than one submission per active user."""

from __future__ import annotations

import random

import pytest
import redis
from sqlalchemy import select

from judge.db.models import Role, Status, Submission
from judge.service import fair_queue
from judge.service.queue import JUDGE_NEXT_TASK, QUEUE, make_celery, top_up
from judge.service.users import create_user
from judge.settings import Settings
from tests.conftest import submit_as
from tests.processes import wait_until


@pytest.fixture
def url(redis_url):
    redis.Redis.from_url(redis_url).flushdb()
    return redis_url


def test_each_lane_is_served_in_turn_and_a_newcomer_goes_first(url):
    for n in range(5):
        assert fair_queue.push(url, f"heavy-{n}", "user:heavy")
    assert fair_queue.pop(url) == "heavy-0"  # a worker took the first before anyone else came
    fair_queue.push(url, "light-0", "user:light")
    fair_queue.push(url, "other-0", "user:other")
    fair_queue.push(url, "other-1", "user:other")
    order = [fair_queue.pop(url) for _ in range(7)]
    assert order == ["light-0", "other-0", "heavy-1", "other-1", "heavy-2", "heavy-3", "heavy-4"]
    assert fair_queue.pop(url) is None and fair_queue.waiting(url) == 0


def test_an_id_waits_once(url):
    assert fair_queue.push(url, "a", "user:1")
    assert not fair_queue.push(url, "a", "user:1")  # the sweeper sending it again owes no token
    assert not fair_queue.push(url, "a", "user:2")
    assert fair_queue.waiting(url) == 1
    assert fair_queue.pop(url) == "a" and fair_queue.pop(url) is None
    assert fair_queue.push(url, "a", "user:1")  # taken and lost by its worker: it may wait again


@pytest.mark.parametrize("seed", range(6))
def test_whatever_is_queued_a_newcomer_waits_for_at_most_one_submission_per_other_lane(url, seed):
    rng = random.Random(seed)
    fair_queue.push(url, "user:light/-1", "user:light")
    assert fair_queue.pop(url) == "user:light/-1"  # the light user was served once, first of all
    backlog = {f"user:{u}": rng.randint(1, 30) for u in range(8)}
    for lane, count in backlog.items():
        for n in range(count):
            fair_queue.push(url, f"{lane}/{n}", lane)
    for _ in range(rng.randint(0, 12)):  # workers have been at it a while: some lanes had a turn, some not
        fair_queue.pop(url)
    active = {i.split("/")[0] for i in redis.Redis.from_url(url, decode_responses=True).smembers(fair_queue.MEMBERS)}
    fair_queue.push(url, "user:light/0", "user:light")
    before = []
    while (taken := fair_queue.pop(url)) != "user:light/0":
        assert taken is not None
        before.append(taken.split("/")[0])
    assert len(before) == len(set(before)) <= len(active)  # at most one of each, and of nobody else
    assert set(before) <= active


def test_a_returning_user_goes_before_lanes_served_since(url):
    fair_queue.push(url, "a-0", "user:a")
    assert fair_queue.pop(url) == "a-0"
    for n in range(3):
        fair_queue.push(url, f"b-{n}", "user:b")
    assert fair_queue.pop(url) == "b-0"
    fair_queue.push(url, "a-1", "user:a")  # served before b was
    assert fair_queue.pop(url) == "a-1"


def test_the_sweeper_makes_up_tokens_lost_with_their_worker(url):
    celery = make_celery(Settings(broker_url=url))
    for n in range(3):
        fair_queue.push(url, f"lost-{n}", "user:x")  # as if each token had been taken by a worker that died
    assert top_up(celery) == 3
    client = redis.Redis.from_url(url)
    assert client.llen(QUEUE) == 3
    assert top_up(celery) == 0  # queued tokens count: none is sent twice
    client.hset("unacked", "tag", "held by a worker")
    client.delete(QUEUE)
    assert top_up(celery) == 2  # one is held by a worker, unacknowledged


def test_the_enqueue_sends_one_token_per_new_id(url, services):
    from judge.service.queue import enqueuer

    celery = make_celery(Settings(broker_url=url))
    with services.sessions() as session:
        user, _ = create_user(session, "fair-one", Role.STUDENT)
    made = submit_as(services, user, "add-canary", None, None, "def solve(a, b):\n    return a + b\n", enqueuer(celery))
    enqueue = enqueuer(celery, fair_queue.lanes(services.sessions))
    enqueue(made.id)
    enqueue(made.id)  # again, as the sweeper would: no second token
    client = redis.Redis.from_url(url, decode_responses=True)
    tasks = [m for m in client.lrange(QUEUE, 0, -1) if JUDGE_NEXT_TASK in m]
    assert len(tasks) == 1
    assert client.lrange(fair_queue.LANE + fair_queue.lane_of(user.id), 0, -1) == [made.id]


# Correct and slow: add-canary's tests each sleep, so a backlog takes a while.
SLOW = "import time\ndef solve(a, b):\n    time.sleep(0.3)\n    return a + b\n"


@pytest.mark.sandbox
def test_a_light_user_is_judged_before_a_heavy_users_backlog(docker_ready, url, services, workers, enqueue):
    with services.sessions() as session:
        heavy, _ = create_user(session, "heavy", Role.STUDENT)
        light, _ = create_user(session, "light", Role.STUDENT)
    backlog = [submit_as(services, heavy, "add-canary", None, None, SLOW + f"# {n}\n", enqueue).id for n in range(6)]
    workers.start("only")  # one worker, one submission at a time
    wait_until(lambda: _status(services, backlog[0]) is not Status.QUEUED, 60, "the first of the backlog to start")
    mine = submit_as(services, light, "add-canary", None, None, SLOW, enqueue).id
    assert wait_until(lambda: _status(services, mine) is Status.FINISHED, 120, "the light user's verdict"), (
        workers.logs()
    )
    with services.sessions() as session:
        done = session.get(Submission, mine).finished_at
        before = session.scalars(
            select(Submission.id).where(Submission.id.in_(backlog), Submission.finished_at < done)
        ).all()
    # The one judging when it came, and at most one more: not the other four.
    assert len(before) <= 2, before
    assert wait_until(
        lambda: all(_status(services, b) is Status.FINISHED for b in backlog), 180, "the backlog to finish"
    ), workers.logs()


def _status(services, submission_id) -> Status:
    with services.sessions() as session:
        return session.get(Submission, submission_id).status
