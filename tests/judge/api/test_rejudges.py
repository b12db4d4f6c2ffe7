"""/api/v1/rejudges in-process: who may rejudge what, and the report's rules (issue 13).

tests/judge/service/test_rejudge.py judges again for real, with a worker; here items are judged by storing
their new result, as the worker would.
"""

from __future__ import annotations

from judge.db.models import RejudgeItem, utcnow
from judge.service import judging, rejudges
from judge.verdicts import Verdict
from tests.judge.api.conftest import public_result


def finished(api, who: str, verdict: Verdict = Verdict.ACCEPTED) -> str:
    submission_id = api.submit(who)["id"]
    judging.store_result(api.services, submission_id, public_result(verdict=verdict))
    return submission_id


def judge_items(api, verdict: Verdict) -> None:
    result = public_result(verdict=verdict).for_candidate()
    with api.services.sessions() as session:
        for item in session.query(RejudgeItem).all():
            item.new_verdict, item.new_score = result.verdict.value, result.score
            item.new_result, item.finished_at = result.model_dump(mode="json"), utcnow()
        session.commit()


def test_staff_rejudge_and_students_may_not(api):
    ids = [finished(api, "alice"), finished(api, "bob", Verdict.WRONG_ANSWER)]
    assert (
        api.client.post("/api/v1/rejudges", json={"problem": "add-canary"}, headers=api.auth("alice")).status_code
        == 403
    )
    started = api.client.post("/api/v1/rejudges", json={"problem": "add-canary"}, headers=api.auth("teacher"))
    assert started.status_code == 201 and started.json()["submissions"] == 2
    assert len(api.rejudged) == 2 and api.enqueued == ids  # the rejudge's own queue; the live one is untouched
    report_id = started.json()["id"]
    assert api.client.get(f"/api/v1/rejudges/{report_id}", headers=api.auth("bob")).status_code == 404
    refused = api.client.post(f"/api/v1/rejudges/{report_id}/apply", headers=api.auth("teacher"))
    assert refused.status_code == 422 and "still running" in refused.json()["detail"]
    judge_items(api, Verdict.WRONG_ANSWER)
    report = api.client.get(f"/api/v1/rejudges/{report_id}", headers=api.auth("teacher")).json()
    assert report["judged"] == 2 and [c["submission"] for c in report["changed"]] == [ids[0]]
    # The diff names whose it is, the problem, and the old and new verdict and score.
    (change,) = report["changed"]
    assert (change["user"], change["problem"]) == ("alice", "add-canary")
    assert (change["before"]["verdict"], change["after"]["verdict"]) == ("accepted", "wrong_answer")
    assert {"score"} <= set(change["before"]) & set(change["after"])
    assert (
        api.client.post(f"/api/v1/rejudges/{report_id}/discard", headers=api.auth("teacher")).json()["state"]
        == "discarded"
    )
    assert api.client.get(f"/api/v1/submissions/{ids[0]}", headers=api.auth("alice")).json()["verdict"] == "accepted"


def test_a_rejudge_names_what_it_judges(api):
    for body, status, fragment in (
        ({}, 422, "name a submission"),
        ({"assignment": "a"}, 422, "goes with its course"),
        ({"problem": "nope"}, 404, "no problem named"),
        ({"problem": "add-canary"}, 404, "no finished submission"),
    ):
        refused = api.client.post("/api/v1/rejudges", json=body, headers=api.auth("teacher"))
        assert (refused.status_code, fragment in refused.json()["detail"]) == (status, True), refused.text


def test_changed_means_verdict_or_score():
    item = RejudgeItem(old_verdict="accepted", old_score=100.0, new_verdict="accepted", new_score=100.0)
    assert not rejudges.changed(item)  # not judged yet
    item.finished_at = object()
    assert not rejudges.changed(item)
    item.new_score = 99.0
    assert rejudges.changed(item)
