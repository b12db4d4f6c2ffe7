"""One rule for logins everywhere (the roster, the JSON API; the CLI calls them), emails checked, display
names as given, and a lost token replaced (issue 20)."""

from __future__ import annotations

import pytest

from judge.service.logins import skeleton

C = "/api/v1/courses/ds101"


@pytest.mark.parametrize(
    "login, existing",
    [("Ann", "ann"), ("ANN", "ann"), ("be0", "beo"), ("a1ice", "alice"), ("alIce", "allce"), ("tirn", "tim")],
)
def test_confusable_logins_have_one_skeleton(login, existing):
    assert skeleton(login) == skeleton(existing)


def test_distinct_logins_keep_distinct_skeletons():
    names = ["ann", "ben", "tia", "carl", "alice", "bob", "eve", "tim", "tom", "ann2"]
    assert len({skeleton(n) for n in names}) == len(names)


def roster(api, text: str, who: str = "teacher"):
    return api.client.post(f"{C}/roster", content=text, headers={**api.auth(who), "Content-Type": "text/csv"})


def test_the_roster_and_the_json_api_refuse_the_same_logins(course):
    api = course
    cyrillic = "\u0430nn"  # а, then nn: a look-alike of ann
    for bad in (cyrillic, "Ann", "ANN", "zoë", "a b", "-x"):
        by_csv = roster(api, f"name,email,role\n{bad},,student\n")
        by_json = api.client.post(f"{C}/members", json={"name": bad}, headers=api.auth("teacher"))
        by_admin = api.client.post("/api/v1/users", json={"name": bad}, headers=api.auth("admin"))
        assert by_csv.status_code == by_json.status_code == by_admin.status_code == 422, (bad, by_csv.text)
    # A look-alike of an existing login is refused by name, and nothing of the roster is added.
    refused = roster(api, "name,email,role\nzed,,student\ncarI,,student\n")  # a capital I: carl's look-alike
    assert refused.status_code == 422 and "mistaken for the existing 'carl'" in refused.json()["detail"]
    refused = roster(api, "name,email,role\nzed,,student\nAnn,,student\n")
    assert refused.status_code == 422
    names = [m["name"] for m in api.client.get(f"{C}/members", headers=api.auth("teacher")).json()]
    assert "zed" not in names
    twin = api.client.post("/api/v1/users", json={"name": "a1ice"}, headers=api.auth("admin"))
    assert twin.status_code == 422 and "mistaken for the existing 'alice'" in twin.json()["detail"]
    assert api.client.post("/api/v1/users", json={"name": "dan"}, headers=api.auth("admin")).status_code == 201
    again = api.client.post("/api/v1/users", json={"name": "clan"}, headers=api.auth("admin"))
    assert again.status_code == 422 and "mistaken for the existing 'dan'" in again.json()["detail"]


def test_emails_are_checked_and_display_names_are_any_text(course):
    api = course
    bad = roster(api, "name,email,role\nzed,not-an-email,student\n")
    assert bad.status_code == 422 and "not an email address" in bad.json()["detail"]
    assert (
        api.client.post(f"{C}/members", json={"name": "zed", "email": "=1+1"}, headers=api.auth("teacher")).status_code
        == 422
    )
    added = roster(api, 'name,email,role,display_name\nsio,sio@example.com,student,"O\'Brien, Siobhán"\n')
    assert added.status_code == 201, added.text
    members = {m["name"]: m for m in api.client.get(f"{C}/members", headers=api.auth("teacher")).json()}
    assert members["sio"]["display_name"] == "O'Brien, Siobhán"


def test_a_lost_token_is_replaced_by_an_admin_or_the_students_instructor(course):
    api = course
    old = api.tokens["ann"]
    reset = api.client.post("/api/v1/users/ann/token", headers=api.auth("teacher"))
    assert reset.status_code == 201, reset.text
    new = reset.json()["token"]
    assert new != old
    assert api.client.get("/api/v1/courses", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    assert api.client.get("/api/v1/courses", headers={"Authorization": f"Bearer {new}"}).status_code == 200
    # A TA cannot; nor can an instructor for someone who is not their student (not confirmed to exist).
    assert api.client.post("/api/v1/users/ben/token", headers=api.auth("tia")).status_code == 404
    assert api.client.post("/api/v1/users/tia/token", headers=api.auth("teacher")).status_code == 404
    assert api.client.post("/api/v1/users/carl/token", headers=api.auth("teacher")).status_code == 404
    assert api.client.post("/api/v1/users/nobody/token", headers=api.auth("teacher")).status_code == 404
    # An admin can, for anyone.
    assert api.client.post("/api/v1/users/tia/token", headers=api.auth("admin")).status_code == 201
    actions = [e["action"] for e in api.client.get("/api/v1/audit", headers=api.auth("admin")).json()]
    assert actions.count("token.reset") == 2
