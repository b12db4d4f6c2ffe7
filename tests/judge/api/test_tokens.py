"""/api/v1/tokens: named tokens with an expiry, listed and revoked by their owner, or by an admin (issue 13)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from judge.db.models import ApiToken


def test_a_user_makes_lists_and_revokes_their_own_tokens(api):
    made = api.client.post("/api/v1/tokens", json={"name": "laptop"}, headers=api.auth("alice"))
    assert made.status_code == 201
    laptop = made.json()
    assert laptop["name"] == "laptop" and laptop["user"] == "alice" and laptop["expires_at"] is None
    assert api.client.get("/api/v1/problems", headers=api.auth(laptop["token"])).status_code == 200
    listed = api.client.get("/api/v1/tokens", headers=api.auth("alice")).json()
    assert sorted(t["name"] for t in listed) == ["default", "laptop"] and all("token" not in t for t in listed)
    assert api.client.delete(f"/api/v1/tokens/{laptop['id']}", headers=api.auth("bob")).status_code == 404
    assert api.client.delete(f"/api/v1/tokens/{laptop['id']}", headers=api.auth("alice")).status_code == 204
    refused = api.client.get("/api/v1/problems", headers=api.auth(laptop["token"]))
    assert refused.status_code == 401  # revocation takes effect on the next request
    assert api.client.get("/api/v1/problems", headers=api.auth("alice")).status_code == 200  # the other token lives


def test_an_admin_sees_and_revokes_anyone_s_and_others_see_only_their_own(api):
    assert api.client.get("/api/v1/tokens", params={"user": "bob"}, headers=api.auth("alice")).status_code == 403
    bobs = api.client.get("/api/v1/tokens", params={"user": "bob"}, headers=api.auth("admin")).json()
    assert [t["user"] for t in bobs] == ["bob"]
    assert api.client.delete(f"/api/v1/tokens/{bobs[0]['id']}", headers=api.auth("admin")).status_code == 204
    assert api.client.get("/api/v1/problems", headers=api.auth("bob")).status_code == 401


def test_an_expired_token_is_refused_with_when(api):
    soon = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).isoformat()
    token = api.client.post("/api/v1/tokens", json={"name": "ci", "expires_at": soon}, headers=api.auth("alice")).json()
    assert api.client.get("/api/v1/problems", headers=api.auth(token["token"])).status_code == 200
    with api.services.sessions() as session:
        session.execute(
            update(ApiToken)
            .where(ApiToken.id == token["id"])
            .values(expires_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1))
        )
        session.commit()
    refused = api.client.get("/api/v1/problems", headers=api.auth(token["token"]))
    assert refused.status_code == 401 and "this token expired at" in refused.json()["detail"]


def test_deactivating_a_user_revokes_every_token_of_theirs(api):
    extra = api.client.post("/api/v1/tokens", json={"name": "extra"}, headers=api.auth("bob")).json()["token"]
    api.client.patch("/api/v1/users/bob", json={"active": False}, headers=api.auth("admin")).raise_for_status()
    api.client.patch("/api/v1/users/bob", json={"active": True}, headers=api.auth("admin")).raise_for_status()
    for token in (api.tokens["bob"], extra):  # reactivated, but with none of the old tokens
        assert api.client.get("/api/v1/problems", headers=api.auth(token)).status_code == 401
    assert api.client.get("/api/v1/tokens", params={"user": "bob"}, headers=api.auth("admin")).json() == []


def test_the_deployment_s_token_name_is_reserved(api):
    refused = api.client.post("/api/v1/tokens", json={"name": "JUDGE_ADMIN_TOKEN"}, headers=api.auth("admin"))
    assert refused.status_code == 422
