"""Erasing a candidate, and a user's own data as JSON, in-process with a real SMTP server and a real Redis (the
live-progress cache). After an erasure, every row of every table, every audit entry and the cache are searched
for anything of the candidate's."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect, select, text

from judge.db.models import AuditEntry
from judge.service import judging
from judge.service.progress import KEY, Progress
from tests.judge.api.conftest import public_result
from tests.judge.api.test_invites import GOOD, invite_csv, open_link

MARK = "# erase-me-7c1f"  # in the candidate's source, to be looked for afterwards


@pytest.fixture
def candidate(hiring, redis_url):
    """Ada, invited and in: two submissions with results, one live-progress list, extra time, an override."""
    sent = invite_csv(hiring).json()[0]
    client, opened = open_link(hiring, sent["link"])
    assert opened.status_code == 303
    csrf = {"x-csrftoken": client.cookies.get("judge_csrf")}
    ids = []
    for n in range(2):
        made = client.post(
            "/api/v1/submissions",
            json={"problem": "add-canary", "source": f"{GOOD}{MARK} {n}\n", "assignment": "hire/screen"},
            headers=csrf,
        )
        assert made.status_code == 201, made.text
        ids.append(made.json()["id"])
        judging.store_result(hiring.services, ids[-1], public_result())
    progress = Progress(redis_url)
    progress.publish(ids[0], public_result().tests[0], 1)
    teacher = hiring.auth("teacher")
    hire = "/api/v1/courses/hire"
    assert (
        hiring.client.put(
            f"{hire}/members/{sent['candidate']}/accommodation", json={"extra_minutes": 20}, headers=teacher
        ).status_code
        == 200
    )
    assert (
        hiring.client.put(
            f"{hire}/assignments/screen/overrides/{sent['candidate']}/add-canary",
            json={"grade": 90, "reason": f"checked by hand for {sent['name']}"},
            headers=teacher,
        ).status_code
        == 204
    )
    return {**sent, "client": client, "ids": ids, "progress": progress}


def everything(api) -> str:
    """Every row of every table, as text."""
    with api.services.sessions() as session:
        names = inspect(session.get_bind()).get_table_names()
        return "\n".join(repr(row) for name in names for row in session.execute(text(f'SELECT * FROM "{name}"')))


def test_erasing_a_candidate_leaves_nothing_of_theirs_anywhere(hiring, candidate):
    before = everything(hiring)
    personal = [candidate["candidate"], candidate["email"], candidate["name"], MARK, *candidate["ids"]]
    assert all(p in before for p in personal)  # the search below finds what is there
    with hiring.services.sessions() as session:
        user_id = session.execute(text("SELECT id FROM users WHERE name = :n"), {"n": candidate["candidate"]}).scalar()
    progress = candidate["progress"]
    assert progress.read(candidate["ids"][0])
    object.__setattr__(hiring.services, "progress", progress)  # the API's own cache is that Redis

    erased = hiring.client.delete(f"/api/v1/users/{candidate['candidate']}", headers=hiring.auth("teacher"))
    assert erased.status_code == 204, erased.text

    after = everything(hiring)
    for piece in [*personal, user_id]:
        assert piece not in after, piece
    assert not progress._redis().exists(*(KEY.format(i) for i in candidate["ids"]))
    with hiring.services.sessions() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.erase")).all()
    assert entry.actor == "teacher" and entry.target == "(erased)" and entry.details["submissions"] == 2
    assert candidate["client"].get("/").status_code == 303  # their browser is signed out: no session is left
    again = hiring.client.delete(f"/api/v1/users/{candidate['candidate']}", headers=hiring.auth("teacher"))
    assert again.status_code == 404
    # What is not theirs stays: the other candidates, the assessment, ann's course work.
    assert (
        len(hiring.client.get("/api/v1/courses/hire/assignments/screen/invites", headers=hiring.auth("teacher")).json())
        == 2
    )


def test_who_may_erase_whom(hiring, candidate):
    name = candidate["candidate"]
    for who, code in (("tia", 404), ("ann", 404), ("carl", 404), (None, 401)):
        assert hiring.client.delete(f"/api/v1/users/{name}", headers=hiring.auth(who)).status_code == code, who
    assert hiring.client.delete("/api/v1/users/ann", headers=hiring.auth("teacher")).status_code == 404  # a student
    assert hiring.client.delete("/api/v1/users/admin", headers=hiring.auth("admin")).status_code == 422
    assert hiring.client.delete("/api/v1/users/ann", headers=hiring.auth("admin")).status_code == 204
    assert hiring.client.get("/api/v1/courses/ds101/members", headers=hiring.auth("teacher")).status_code == 200
    assert "ann" not in {
        m["name"] for m in hiring.client.get("/api/v1/courses/ds101/members", headers=hiring.auth("teacher")).json()
    }


def test_a_candidate_downloads_what_the_judge_holds_about_them(hiring, candidate):
    client = candidate["client"]
    response = client.get("/api/v1/users/me/data")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    data = json.loads(response.text)
    assert data["account"]["email"] == candidate["email"] and data["account"]["display_name"] == candidate["name"]
    assert [i["assessment"] for i in data["account"]["invites"]] == ["hire/screen"]
    assert [s["id"] for s in data["submissions"]] == candidate["ids"]
    assert all(MARK in s["source"] and s["result"]["verdict"] == "wrong_answer" for s in data["submissions"])
    hidden = [t for s in data["submissions"] for t in s["result"]["tests"] if t["visibility"] == "hidden"]
    assert hidden and all("feedback" not in t or not t["feedback"] for t in hidden)  # as the API shows them
    others = hiring.client.get("/api/v1/users/me/data", headers=hiring.auth("ann")).json()
    assert others["account"]["login"] == "ann" and MARK not in json.dumps(others)
