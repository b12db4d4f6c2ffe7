"""/healthz reports each dependency; only a missing database makes it a 503."""

from __future__ import annotations

import dataclasses

from judge.db.session import make_engine, make_sessionmaker


def test_healthy_database_without_a_broker_is_degraded_but_up(api):
    submission = api.submit("alice")
    response = api.client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and body["api"] == "ok" and body["database"] == "ok"
    assert body["broker"].startswith("error:") and body["workers"] == "unknown"
    assert set(body["oldest_age_s"]) == {"queued", "running"}
    assert body["oldest_age_s"]["queued"] >= 0 and body["oldest_age_s"]["running"] is None
    assert submission["id"] not in response.text


def test_no_database_is_a_503(api, tmp_path):
    broken = make_sessionmaker(make_engine(f"sqlite:///{tmp_path / 'missing' / 'dir' / 'judge.db'}"))
    api.client.app.state.services = dataclasses.replace(api.services, sessions=broken)
    api.client.allow_5xx = True
    response = api.client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"].startswith("error:") and body["status"] == "degraded" and body["oldest_age_s"] is None


def test_with_a_broker_and_no_worker(api_factory, redis_url):
    api = api_factory(broker_url=redis_url)
    body = api.client.get("/healthz").json()
    assert body["broker"] == "ok" and body["workers"] == 0 and body["status"] == "degraded"


def test_each_worker_is_reported_from_its_own_heartbeat_and_a_stuck_one_as_stuck(api_factory, redis_url):
    import time

    from judge.service.heartbeats import Beat

    api = api_factory(broker_url=redis_url, worker_stuck_after_s=60)
    idle, busy, stuck = (Beat(redis_url, 1.0, name=f"host:{n}") for n in (1, 2, 3))
    idle.beat()
    stuck._job = ("sub-0", time.time() - 61)  # judging one submission past JUDGE_WORKER_STUCK_AFTER_S
    stuck.beat()  # its thread still beats: the beat is live, the work is not moving
    with busy.busy("sub-1"):
        body = api.client.get("/healthz").json()
        states = {w["name"]: w for w in body["worker_states"]}
        assert {name: w["state"] for name, w in states.items()} == {
            "host:1": "idle",
            "host:2": "judging",
            "host:3": "stuck",
        }
        assert states["host:2"]["submission"] == "sub-1" and states["host:3"]["busy_s"] >= 61
        assert states["host:3"]["beat_age_s"] < 30
        assert body["workers"] == 2 and body["status"] == "ok"  # the stuck one is not counted
    body = api.client.get("/healthz").json()
    assert {w["name"]: w["state"] for w in body["worker_states"]}["host:2"] == "idle"


def test_a_worker_whose_heartbeat_expired_is_no_longer_reported(api_factory, redis_url):
    import redis

    from judge.service.heartbeats import KEY_PREFIX, REGISTRY, Beat

    api = api_factory(broker_url=redis_url)
    live, dead = Beat(redis_url, 1.0, name="host:live"), Beat(redis_url, 1.0, name="host:dead")
    live.beat()
    dead.beat()
    redis.Redis.from_url(redis_url).delete(KEY_PREFIX + "host:dead")  # as its key expires when it stops beating
    names = {w["name"] for w in api.client.get("/healthz").json()["worker_states"]}  # other tests' beat too
    assert "host:live" in names and "host:dead" not in names
    registered = redis.Redis.from_url(redis_url).zrange(REGISTRY, 0, -1)
    assert b"host:live" in registered and b"host:dead" not in registered  # and forgotten
