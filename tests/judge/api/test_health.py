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
