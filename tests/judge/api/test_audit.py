"""/api/v1/audit: staff actions on users, tokens, courses and rejudges are recorded, and only admins read them."""

from __future__ import annotations


def test_staff_actions_are_recorded_and_read_by_admins(course):
    api = course  # the fixture: a course made and a roster imported by teacher
    api.client.post("/api/v1/users", json={"name": "newbie"}, headers=api.auth("admin")).raise_for_status()
    token = api.client.post("/api/v1/tokens", json={"name": "laptop"}, headers=api.auth("tia")).json()
    api.client.delete(f"/api/v1/tokens/{token['id']}", headers=api.auth("admin")).raise_for_status()
    api.client.patch(
        "/api/v1/courses/ds101/members/ben", json={"active": False}, headers=api.auth("teacher")
    ).raise_for_status()
    api.client.patch("/api/v1/users/carl", json={"active": False}, headers=api.auth("admin")).raise_for_status()
    log = api.client.get("/api/v1/audit", headers=api.auth("admin")).json()
    actions = [(e["actor"], e["action"], e["target"]) for e in log]
    for expected in [
        ("teacher", "course.create", "ds101"),
        ("teacher", "course.members.add", "ds101"),
        ("admin", "user.create", "newbie"),
        ("tia", "token.create", "tia"),
        ("admin", "token.revoke", "tia"),
        ("teacher", "course.members.deactivate", "ds101"),
        ("admin", "user.deactivate", "carl"),
    ]:
        assert expected in actions, expected
    assert actions[0] == ("admin", "user.deactivate", "carl")  # newest first
    roster = next(e for e in log if e["action"] == "course.members.add")
    assert {"name": "tia", "role": "ta"} in roster["details"]["members"]
    only = api.client.get("/api/v1/audit", params={"action": "token.revoke"}, headers=api.auth("admin")).json()
    assert [e["target"] for e in only] == ["tia"]
    assert api.client.get("/api/v1/audit", headers=api.auth("teacher")).status_code == 403
