"""Similarity reports in-process, over the bank's own problems: who may read them, what a disguised copy, an
independent solution and the bare starter come to, the reference-match flag, the same wrong outputs on hidden
tests, and the pair side by side. Results and fingerprints are stored as the worker stores them
(judging.store_result, then similarity.record with the full result); tests/ui/test_similarity.py runs a real
worker and Chromium.

ds101's week-1 assigns third-unique-song (SQL) and ndcg-at-k (Python). ann submits the references; ben a
disguised copy of each (SQL ported to MySQL, renamed, re-laid-out; Python renamed and re-commented); cat
solutions written apart; dan and eve the starter, filled in with one line each.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import sqlglot
from sqlalchemy import select

from judge.db.models import SubmissionFingerprint
from judge.service import judging, similarity
from judge.settings import Settings
from judge.similarity.fingerprint import VERSION
from judge.verdicts import GroupResult, SubmissionResult, TestResult, Verdict, Visibility
from tests.judge.api.conftest import launch
from tests.judge.similarity.samples import INDEPENDENT_PY, INDEPENDENT_SQL

BANK = Settings().problems_dir
WEEK = "/api/v1/courses/ds101/assignments/week-1"
REFERENCE_SQL = (BANK / "third-unique-song/solutions/reference.sql").read_text()
REFERENCE_PY = (BANK / "ndcg-at-k/solutions/reference.py").read_text()
STARTER_SQL = (BANK / "third-unique-song/starter.sql").read_text()
STARTER_PY = (BANK / "ndcg-at-k/starter.py").read_text()


def _disguised_sql() -> str:
    ported = sqlglot.transpile(REFERENCE_SQL, read="duckdb", write="mysql", pretty=True)[0]
    for old, new in (("first_plays", "fp"), ("numbered", "ranked_songs"), ("song_number", "rn")):
        ported = ported.replace(old, new)
    return "-- my own work\n" + ported.lower().replace("song_plays", "SONG_PLAYS")


def _disguised_py() -> str:
    text = REFERENCE_PY
    for old, new in (("_dcg", "_discounted"), ("dcg", "total"), ("idcg", "best"), ("rel", "r"), ("position", "i")):
        text = re.sub(rf"\b{old}\b", new, text)
    return "# written from scratch\n" + text.replace("    ", "  ")


SOURCES = {
    "third-unique-song": {
        "ann": (REFERENCE_SQL, None),
        "ben": (_disguised_sql(), "mysql"),
        "cat": (INDEPENDENT_SQL, None),
        "dan": (STARTER_SQL.replace("NULL AS third_song_date", "CURRENT_DATE AS third_song_date"), None),
        "eve": (STARTER_SQL.replace("NULL AS third_song_date", "CAST(NULL AS DATE) AS third_song_date"), None),
    },
    "ndcg-at-k": {
        "ann": (REFERENCE_PY, None),
        "ben": (_disguised_py(), None),
        "cat": (INDEPENDENT_PY, None),
        "dan": (STARTER_PY.replace("raise NotImplementedError", "return 0.0"), None),
        "eve": (STARTER_PY.replace("raise NotImplementedError", "return 1.0 if k else 0.0"), None),
    },
}


def _result(problem: str, language: str, wrong_output: str | None) -> SubmissionResult:
    """A result as the worker has it before storing: a hidden test's feedback holds what the submission got."""
    verdict = Verdict.WRONG_ANSWER if wrong_output else Verdict.ACCEPTED
    hidden = TestResult(
        name="larger/many-users",
        group="larger",
        visibility=Visibility.HIDDEN,
        verdict=verdict,
        score=0.0 if wrong_output else 1.0,
        feedback={"actual": wrong_output} if wrong_output else {},
    )
    group = GroupResult(name="larger", visibility=Visibility.HIDDEN, weight=100, score=hidden.score, verdict=verdict)
    return SubmissionResult(
        problem=problem,
        language=language,
        verdict=verdict,
        score=100.0 * hidden.score,
        tests=(hidden,),
        groups=(group,),
    )


# ann and ben got the same wrong output on the hidden test; cat another; dan and eve, a common one.
WRONG = {"ann": "rows 1-40 of 41", "ben": "rows 1-40 of 41", "cat": "no rows", "dan": None, "eve": None}


@pytest.fixture(scope="module")
def week(tmp_path_factory, api_template, bank_database):
    directory = tmp_path_factory.mktemp("similarity")
    shutil.copyfile(bank_database, directory / "judge.db")
    started: list = []
    api = launch(directory, api_template, started, problems_dir=BANK, max_source_kb=64)
    teacher = api.auth("teacher")
    api.client.post("/api/v1/courses", json={"slug": "ds101", "title": "DS"}, headers=teacher).raise_for_status()
    roster = "name,email,role\n" + "".join(f"{n},,student\n" for n in WRONG) + "tia,,ta\n"
    added = api.client.post(
        "/api/v1/courses/ds101/roster", content=roster, headers={**teacher, "Content-Type": "text/csv"}
    )
    assert added.status_code == 201, added.text
    api.tokens.update({m["name"]: m["token"] for m in added.json()})
    api.tokens["carl"] = api.client.post("/api/v1/users", json={"name": "carl"}, headers=api.auth("admin")).json()[
        "token"
    ]
    now = dt.datetime.now(dt.timezone.utc)
    body = {
        "slug": "week-1",
        "title": "Week 1",
        "release_at": (now - dt.timedelta(hours=1)).isoformat(),
        "due_at": (now + dt.timedelta(hours=48)).isoformat(),
        "problems": [{"problem": "third-unique-song", "points": 10}, {"problem": "ndcg-at-k", "points": 10}],
    }
    api.client.put(WEEK, json=body, headers=teacher).raise_for_status()
    ids: dict[tuple[str, str], str] = {}
    for problem, by_author in SOURCES.items():
        language = "sql" if problem == "third-unique-song" else "python"
        for author, (source, dialect) in by_author.items():
            extra = {"dialect": dialect} if dialect else {}
            made = api.submit(author, problem, source, assignment="ds101/week-1", **extra)["id"]
            full = _result(problem, language, WRONG[author])
            assert judging.store_result(api.services, made, full)
            similarity.record(api.services, made, full)
            ids[(problem, author)] = made
    yield api, ids
    for client in started:
        client.__exit__(None, None, None)


def _report(api, who: str = "teacher", **params):
    return api.client.get(WEEK + "/similarity", params=params, headers=api.auth(who))


def _problem(report: dict, slug: str) -> dict:
    return next(p for p in report["problems"] if p["problem"] == slug)


def _pair(section: dict, a: str, b: str) -> dict | None:
    return next((p for p in section["pairs"] if {p["a"], p["b"]} == {a, b}), None)


@pytest.mark.parametrize(
    "who, status", [("teacher", 200), ("tia", 200), ("admin", 200), ("ann", 403), ("carl", 404), (None, 401)]
)
def test_only_the_courses_staff_read_the_report(week, who, status):
    api, ids = week
    assert _report(api, who).status_code == status
    a, b = ids[("third-unique-song", "ann")], ids[("third-unique-song", "ben")]
    pair = api.client.get(f"{WEEK}/similarity/{a}/{b}", headers=api.auth(who))
    assert pair.status_code == status, pair.text
    if status >= 400:
        assert "third_song" not in pair.text and "ann" not in _report(api, who).text


def test_the_worker_stores_a_fingerprint_of_this_version_per_judged_submission(week):
    api, ids = week
    with api.services.sessions() as session:
        rows = {r.submission_id: r for r in session.scalars(select(SubmissionFingerprint))}
    assert set(ids.values()) <= set(rows)
    ann = rows[ids[("third-unique-song", "ann")]]
    assert ann.version == VERSION and len(ann.data["hashes"]) > 10
    assert set(ann.outcomes) == {"larger/many-users"}  # a digest, never the output itself
    assert "rows" not in str(ann.outcomes)


@pytest.mark.parametrize("problem", ["third-unique-song", "ndcg-at-k"])
def test_a_disguised_copy_ranks_first_and_is_flagged(week, problem):
    api, _ = week
    report = _report(api).json()
    assert "never proof" in report["advisory"] and "changes no" in report["advisory"]
    section = _problem(report, problem)
    top = section["pairs"][0]
    assert {top["a"], top["b"]} == {"ann", "ben"}, section["pairs"]
    assert (
        top["flagged"] and top["score"] >= 0.8 and top["percentile"] == max(p["percentile"] for p in section["pairs"])
    )
    independent = _pair(section, "ann", "cat")
    assert independent is not None and not independent["flagged"] and independent["score"] < top["score"]


@pytest.mark.parametrize("problem", ["third-unique-song", "ndcg-at-k"])
def test_the_starter_alone_never_makes_two_submissions_similar(week, problem):
    api, _ = week
    section = _problem(_report(api).json(), problem)
    assert {"dan", "eve"} <= set(section["not_comparable"])
    for pair in section["pairs"]:
        assert not ({pair["a"], pair["b"]} == {"dan", "eve"} and pair["flagged"]), pair
    assert all("dan" not in cluster or "eve" not in cluster for cluster in section["clusters"])


def test_a_match_with_the_problems_own_solution_is_its_own_flag(week):
    api, _ = week
    report = _report(api).json()
    for problem in SOURCES:
        matched = {m["author"] for m in _problem(report, problem)["reference_matches"]}
        assert "ann" in matched and "cat" not in matched and "dan" not in matched, (problem, matched)


def test_the_same_wrong_output_on_a_hidden_test_is_a_signal(week):
    api, _ = week
    section = _problem(_report(api).json(), "third-unique-song")
    assert _pair(section, "ann", "ben")["same_wrong_tests"] == ["larger/many-users"]
    assert _pair(section, "ann", "cat")["same_wrong_tests"] == []


def test_the_pair_side_by_side_marks_the_shared_lines_on_both_sides(week):
    api, ids = week
    a, b = ids[("third-unique-song", "ann")], ids[("third-unique-song", "ben")]
    detail = api.client.get(f"{WEEK}/similarity/{a}/{b}", headers=api.auth("tia")).json()
    assert detail["left"]["author"] == "ann" and detail["right"]["author"] == "ben"
    assert detail["left"]["source"] == REFERENCE_SQL and detail["right"]["dialect"] == "mysql"
    for side in ("left", "right"):
        lines = detail[side]["lines"]
        assert lines and max(lines) <= len(detail[side]["normalised"].splitlines())
    assert detail["pair"]["flagged"] and "never proof" in detail["advisory"]


def test_a_bad_request_gets_a_reason(week):
    api, ids = week
    a = ids[("third-unique-song", "ann")]
    py = ids[("ndcg-at-k", "ann")]
    assert _report(api, problem="no-such").status_code == 404
    assert _report(api, limit=0).status_code == 422
    assert api.client.get(f"{WEEK}/similarity/{a}/{a}", headers=api.auth("teacher")).status_code == 422
    mixed = api.client.get(f"{WEEK}/similarity/{a}/{py}", headers=api.auth("teacher"))
    assert mixed.status_code == 422 and "different problems" in mixed.text
    assert api.client.get(f"{WEEK}/similarity/{a}/{'0' * 32}", headers=api.auth("teacher")).status_code == 404


def test_a_fingerprint_of_another_version_is_made_again_when_a_report_needs_it(week):
    api, ids = week
    made = ids[("ndcg-at-k", "cat")]
    with api.services.sessions() as session:
        row = session.get(SubmissionFingerprint, made)
        row.version, row.data = VERSION - 1, {"hashes": [], "surface": []}
        session.commit()
    section = _problem(_report(api, problem="ndcg-at-k").json(), "ndcg-at-k")
    assert section["pending"] == 0 and _pair(section, "ann", "cat") is not None
    with api.services.sessions() as session:
        assert session.get(SubmissionFingerprint, made).version == VERSION


def test_the_report_changes_no_grade(week):
    api, _ = week
    before = api.client.get("/api/v1/courses/ds101/gradebook", headers=api.auth("teacher")).json()
    _report(api)
    assert api.client.get("/api/v1/courses/ds101/gradebook", headers=api.auth("teacher")).json() == before


def test_the_pages_show_the_staff_the_report_and_the_pair_and_refuse_a_student(week):
    from tests.judge.api.test_pages import set_password, sign_in

    api, ids = week
    for name in ("tia", "ann"):
        set_password(api, name)
    tia, _ = sign_in(api, "tia")
    page = tia.get("/courses/ds101/assignments/week-1/similarity")
    assert page.status_code == 200, page.text
    assert "Advisory only" in page.text and "never proof" in page.text and "ann and ben" in page.text
    a, b = ids[("third-unique-song", "ann")], ids[("third-unique-song", "ben")]
    assert f"/similarity/{a}/{b}" in page.text or f"/similarity/{b}/{a}" in page.text
    shown = tia.get(f"/courses/ds101/assignments/week-1/similarity/{a}/{b}")
    assert shown.status_code == 200 and shown.text.count("<mark>") > 5
    assert "-- my own work" in shown.text  # ben's query as written, below what was compared
    home = tia.get("/")
    assert "/courses/ds101/assignments/week-1/similarity" in home.text
    ann, _ = sign_in(api, "ann")
    for path in (
        "/courses/ds101/assignments/week-1/similarity",
        f"/courses/ds101/assignments/week-1/similarity/{a}/{b}",
    ):
        refused = ann.get(path)
        assert refused.status_code == 403 and "ben" not in refused.text
    assert "/similarity" not in ann.get("/").text
