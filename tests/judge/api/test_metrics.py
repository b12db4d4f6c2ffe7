"""/metrics: Prometheus's format, with counters that move as submissions are judged (issue 13)."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from judge.service import judging
from judge.verdicts import Verdict
from tests.judge.api.conftest import public_result


def scrape(api) -> dict[tuple[str, tuple], float]:
    response = api.client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_the_counters_move_as_submissions_are_judged(api):
    before = scrape(api)
    assert before[("judge_submissions", (("status", "queued"),))] == 0
    ids = [api.submit("alice")["id"] for _ in range(3)]
    judging.store_result(api.services, ids[0], public_result(verdict=Verdict.ACCEPTED))
    judging.store_result(api.services, ids[1], public_result())
    after = scrape(api)
    assert after[("judge_submissions", (("status", "queued"),))] == 1
    assert after[("judge_submissions", (("status", "finished"),))] == 2
    assert after[("judge_judgings_total", (("verdict", "accepted"),))] == 1
    assert after[("judge_judgings_total", (("verdict", "wrong_answer"),))] == 1
    assert after[("judge_end_to_end_seconds_count", ())] == 2
    assert after[("judge_end_to_end_seconds_bucket", (("le", "+Inf"),))] == 2
    assert ("judge_oldest_age_seconds", (("phase", "queued"),)) in after


def test_a_rejudge_that_replaces_a_verdict_counts_one_more_judging_and_uncounts_none(api):
    submission_id = api.submit("bob")["id"]
    judging.store_result(api.services, submission_id, public_result(verdict=Verdict.ACCEPTED))
    before = scrape(api)
    judging.replace_result(api.services, submission_id, public_result())  # what applying a rejudge does
    with api.services.sessions() as session:  # and the rejudge's own record of its judging
        from judge.db.models import Rejudge, RejudgeItem, User

        user = session.query(User).filter_by(name="bob").one()
        rejudge = Rejudge(scope={"submission": submission_id}, created_by=user.id, state="applied")
        session.add(rejudge)
        session.flush()
        session.add(
            RejudgeItem(
                rejudge_id=rejudge.id,
                submission_id=submission_id,
                position=0,
                old_verdict="accepted",
                old_score=100.0,
                new_verdict="wrong_answer",
                new_score=0.0,
            )
        )
        session.commit()
    after = scrape(api)
    accepted, wrong = (("judge_judgings_total", (("verdict", v),)) for v in ("accepted", "wrong_answer"))
    assert after[accepted] == before[accepted]  # the first judging still counts
    assert after[wrong] == before.get(wrong, 0) + 1  # and the rejudge's is one more
    assert after[("judge_failed_judgings_total", ())] == 0
