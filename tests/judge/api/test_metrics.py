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
