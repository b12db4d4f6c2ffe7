"""Hiring assessments in-process: the candidate's clock (Start, drafts, Finish, the end), what they see of hidden
tests, the reviewers' reports, comparison and blind scorecards, the applicant tracking system's calls, and
retention. Results are stored as the worker would (judging.store_result); tests/ui/test_hiring.py runs a
real worker and Chromium.

"hire/screen" is made a hiring assessment here: add-canary for 10 points and plays-per-user for 20, 90 minutes,
count-stream as its practice problem, a rubric, blind review, and nothing of hidden tests shown.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import func, select, update

from judge.db.models import AssignmentStart, Draft, Invite, Scorecard, Submission, User
from judge.service import assessments, erasure, judging, partner
from judge.verdicts import Verdict
from tests.judge.api.conftest import public_result
from tests.judge.api.test_invites import invite_csv, open_link

GOOD = "def solve(a, b):\n    return a + b\n"
SCREEN = "/api/v1/courses/hire/assignments/screen"
RUBRIC = [{"key": "product-sense", "question": "How would you measure a skip?"}]


def make_assessment(api, **options) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    body = {
        "slug": "screen",
        "title": "Screen",
        "release_at": (now - dt.timedelta(hours=1)).isoformat(),
        "due_at": (now + dt.timedelta(hours=72)).isoformat(),
        "window_minutes": 90,
        "problems": [{"problem": "add-canary", "points": 10}, {"problem": "plays-per-user", "points": 20}],
        "assessment": {
            "practice": "count-stream",
            "rubric": RUBRIC,
            "blind": True,
            "hidden_feedback": "none",
            **options,
        },
    }
    saved = api.client.put(SCREEN, json=body, headers=api.auth("teacher"))
    assert saved.status_code == 200, saved.text


class Candidate:
    def __init__(self, api, sent: dict):
        self.login, self.invite = sent["candidate"], sent["id"]
        self.client, opened = open_link(api, sent["link"])
        assert opened.status_code == 303, opened.text
        self.csrf = {"x-csrftoken": self.client.cookies.get("judge_csrf")}

    def get(self, path: str, **kw):
        return self.client.get(path, **kw)

    def post(self, path: str, json: dict | None = None):
        return self.client.post(path, json=json if json is not None else {}, headers=self.csrf)

    def put(self, path: str, json: dict):
        return self.client.put(path, json=json, headers=self.csrf)

    def submit(self, problem: str = "add-canary", source: str = GOOD, **fields):
        body = {"problem": problem, "source": source, "assignment": "hire/screen", **fields}
        return self.post("/api/v1/submissions", body)

    def draft(self, source: str, problem: str = "add-canary", pasted: int = 0):
        body = {"assignment": "hire/screen", "problem": problem, "source": source, "pasted_chars": pasted}
        return self.put(SCREEN + "/drafts", body)


@pytest.fixture
def screen(hiring):
    make_assessment(hiring)
    sent = invite_csv(hiring).json()
    hiring.candidates = [Candidate(hiring, s) for s in sent]  # type: ignore[attr-defined]
    return hiring


def test_before_start_only_the_practice_problem_is_open(screen):
    ada = screen.candidates[0]
    state = ada.get(SCREEN + "/assessment").json()
    assert state["clock"]["started_at"] is None and state["problems"] == [] and state["practice"] == "count-stream"
    assert "rubric" not in state["options"]  # the reviewers' questions are not the candidate's
    assert ada.get("/api/v1/problems/count-stream").status_code == 200
    assert ada.post("/api/v1/submissions", {"problem": "count-stream", "source": GOOD}).status_code == 201
    refused = ada.get("/api/v1/problems/add-canary")
    assert refused.status_code == 403 and "Start" in refused.json()["detail"]
    assert ada.submit().status_code == 403
    assert ada.draft(GOOD).status_code == 403
    with screen.services.sessions() as session:  # reading and trying started nothing
        assert session.scalar(select(func.count()).select_from(AssignmentStart)) == 0
        practice = session.scalar(select(Submission).where(Submission.problem == "count-stream"))
        assert practice.assignment_id is None  # tried in the course, graded nowhere


def test_the_clock_starts_once_and_cannot_be_restarted_or_bypassed(screen):
    ada = screen.candidates[0]
    first = ada.post(SCREEN + "/start").json()["clock"]
    assert first["running"] and first["minutes"] == 90
    ends = dt.datetime.fromisoformat(first["ends_at"])
    assert ends - dt.datetime.fromisoformat(first["started_at"]) == dt.timedelta(minutes=90)
    again = ada.post(SCREEN + "/start").json()["clock"]
    assert again["started_at"] == first["started_at"]  # a second Start is the same clock
    assert [p["problem"] for p in ada.get(SCREEN + "/assessment").json()["problems"]] == [
        "add-canary",
        "plays-per-user",
    ]
    assert ada.submit().status_code == 201
    assert ada.draft("def solve(a, b):\n    return 0\n").status_code == 200
    finished = ada.post(SCREEN + "/finish").json()
    assert finished["clock"]["finished_by"] == "candidate" and not finished["clock"]["running"]
    assert ada.submit().status_code == 403
    assert ada.draft(GOOD).status_code == 403
    assert ada.get("/api/v1/problems/add-canary").status_code == 403
    assert ada.post(SCREEN + "/start").json()["clock"]["finished_at"] == finished["clock"]["finished_at"]
    assert ada.post(SCREEN + "/finish").status_code == 403
    # Her newer draft was submitted for her when she finished.
    with screen.services.sessions() as session:
        drafted = session.scalars(select(Submission).where(Submission.from_draft.is_(True))).all()
        assert [s.source for s in drafted] == ["def solve(a, b):\n    return 0\n"]


def test_staff_have_no_clock(screen):
    refused = screen.client.post(SCREEN + "/start", json={}, headers=screen.auth("teacher"))
    assert refused.status_code == 422


def test_extra_time_lengthens_the_clock_and_shows_only_if_agreed(screen):
    ada, siobhan = screen.candidates[0], screen.candidates[1]
    for who in (ada, siobhan):
        set_extra = screen.client.put(
            f"/api/v1/courses/hire/members/{who.login}/accommodation",
            json={"extra_minutes": 30},
            headers=screen.auth("teacher"),
        )
        assert set_extra.status_code == 200, set_extra.text
    clock = ada.post(SCREEN + "/start", {"share_extra_time": True}).json()["clock"]
    assert clock["minutes"] == 120
    ends = dt.datetime.fromisoformat(clock["ends_at"]) - dt.datetime.fromisoformat(clock["started_at"])
    assert ends == dt.timedelta(minutes=120)
    siobhan.post(SCREEN + "/start", {"share_extra_time": False})
    teacher = screen.auth("teacher")
    assert screen.client.get(f"{SCREEN}/report/{ada.login}", headers=teacher).json()["extra_time"] == {
        "minutes": 30,
        "percent": None,
    }
    assert screen.client.get(f"{SCREEN}/report/{siobhan.login}", headers=teacher).json()["extra_time"] is None


def test_when_the_clock_runs_out_the_last_draft_is_submitted_and_nothing_more_accepted(screen):
    grace = screen.candidates[2]
    grace.post(SCREEN + "/start")
    assert grace.draft("def solve(a, b):\n    return a\n").status_code == 200
    assert grace.draft("def solve(a, b):\n    return a + b  # last\n", problem="plays-per-user").status_code == 200
    with screen.services.sessions() as session:  # two hours ago: her 90 minutes are over
        two_hours = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)
        session.execute(update(AssignmentStart).values(started_at=two_hours))
        session.commit()
    assert grace.submit().status_code == 403
    screen.enqueued.clear()
    made = assessments.close_ended(screen.services, screen.enqueued.append)
    assert len(made) == 2 and screen.enqueued == made  # each problem's last draft, Python in SQL too: a verdict
    assert assessments.close_ended(screen.services, screen.enqueued.append) == []  # once
    with screen.services.sessions() as session:
        row = session.scalar(select(Submission).where(Submission.id.in_(made), Submission.problem == "add-canary"))
        start = session.scalar(select(AssignmentStart))
        assert row.from_draft and row.source == "def solve(a, b):\n    return a\n" and not row.late
        assert row.received_at == start.started_at + dt.timedelta(minutes=90)  # at the end, never late
        assert start.finished_by == "clock"
    assert grace.draft(GOOD).status_code == 403


def test_a_candidate_sees_nothing_of_hidden_tests_and_staff_see_them_by_name(screen):
    ada = screen.candidates[0]
    ada.post(SCREEN + "/start")
    made = ada.submit().json()["id"]
    judging.store_result(screen.services, made, public_result(verdict=Verdict.WRONG_ANSWER))
    mine = ada.get(f"/api/v1/submissions/{made}").json()
    assert mine["verdict"] is None and mine["score"] is None
    assert [t["name"] for t in mine["result"]["tests"]] == ["examples/01"] and mine["result"]["withheld"]
    assert mine["result"]["verdict"] == "accepted"  # the examples' own
    listed = ada.get("/api/v1/submissions").json()["items"]
    assert all(item["verdict"] is None and item["score"] is None for item in listed)
    assert ada.get("/api/v1/submissions", params={"verdict": "wrong_answer"}).status_code == 422
    page = ada.get(f"/submissions/{made}").text
    assert "hidden/02-canary" not in page and "hidden #" not in page and "wrong answer" not in page.lower()
    with screen.services.sessions() as session:  # a callback of her own would tell her no more
        session.execute(update(Submission).where(Submission.id == made).values(callback_url="https://example.com/h"))
        session.commit()
    _, _, body = judging.webhook_delivery(screen.services, made, "submission")
    assert body["verdict"] is None and [t["name"] for t in body["result"]["tests"]] == ["examples/01"]
    staff = screen.client.get(f"/api/v1/submissions/{made}", headers=screen.auth("teacher")).json()
    assert "hidden/02-canary" in [t["name"] for t in staff["result"]["tests"]]


def test_the_report_has_scores_groups_code_tests_and_the_replay_with_pastes(screen):
    ada = screen.candidates[0]
    ada.post(SCREEN + "/start")
    ada.draft("def solve(a, b):\n")
    ada.draft("def solve(a, b):\n    return a + b\n", pasted=18)
    made = ada.submit().json()["id"]
    judging.store_result(screen.services, made, public_result(verdict=Verdict.WRONG_ANSWER))
    report = screen.client.get(f"{SCREEN}/report/{ada.login}", headers=screen.auth("tia")).json()
    canary = report["problems"][0]
    assert canary["problem"] == "add-canary" and canary["grade"] == 20.0 and canary["earned"] == 2.0
    assert {g["name"] for g in canary["groups"]} == {"examples", "hidden"}
    assert canary["submissions"][0]["source"] == GOOD
    assert "hidden/02-canary" in [t["name"] for t in canary["submissions"][0]["result"]["tests"]]
    assert [d["pasted_chars"] for d in canary["replay"]] == [0, 18]
    assert canary["minutes"] is not None
    assert report["name"] is None and report["email"] is None  # blind: not until tia's scorecard is in


def test_blind_review_shows_the_name_once_the_scorecard_is_submitted_and_it_never_changes(screen):
    ada = screen.candidates[0]
    tia, teacher = screen.auth("tia"), screen.auth("teacher")
    card = f"{SCREEN}/scorecards/{ada.login}"
    assert screen.client.put(card, json={"ratings": {"nope": "yes"}}, headers=tia).status_code == 422
    draft = screen.client.put(card, json={"ratings": {"product-sense": "yes"}, "notes": "clear"}, headers=tia)
    assert draft.status_code == 200 and draft.json()["submitted_at"] is None
    comparison = screen.client.get(SCREEN + "/comparison", headers=tia).json()
    assert all(row["name"] is None for row in comparison["rows"])
    invites = screen.client.get(SCREEN + "/invites", headers=tia).json()
    assert all(i["name"] is None and i["email"] is None for i in invites)  # blind for her there too
    assert screen.client.put(card, json={"submit": True}, headers=tia).status_code == 422  # no overall
    done = screen.client.put(
        card, json={"ratings": {"product-sense": "yes"}, "overall": "strong_yes", "submit": True}, headers=tia
    )
    assert done.status_code == 200
    assert screen.client.get(f"{SCREEN}/report/{ada.login}", headers=tia).json()["name"] == "Ada Lovelace"
    assert screen.client.put(card, json={"overall": "no"}, headers=tia).status_code == 409
    # The teacher has not scored her: still blind for him, and he cannot read tia's card until his own is in.
    report = screen.client.get(f"{SCREEN}/report/{ada.login}", headers=teacher).json()
    assert report["name"] is None and report["scorecards"] == []
    screen.client.put(card, json={"overall": "yes", "submit": True}, headers=teacher)
    report = screen.client.get(f"{SCREEN}/report/{ada.login}", headers=teacher).json()
    assert [c["overall"] for c in report["scorecards"]] == ["strong_yes"]


def test_the_comparison_sorts_and_its_csv_has_a_column_per_problem(screen):
    ada, siobhan = screen.candidates[0], screen.candidates[1]
    for who, score in ((ada, 20.0), (siobhan, 100.0)):
        who.post(SCREEN + "/start")
        made = who.submit().json()["id"]
        judging.store_result(screen.services, made, public_result().model_copy(update={"score": score}))
    teacher = screen.auth("teacher")
    rows = screen.client.get(SCREEN + "/comparison", headers=teacher).json()["rows"]
    assert [r["candidate"] for r in rows][:2] == [siobhan.login, ada.login]
    assert rows[0]["problems"] == {"add-canary": 10.0, "plays-per-user": 0.0} and rows[0]["state"] == "started"
    assert rows[2]["state"] == "invited"
    by_name = screen.client.get(SCREEN + "/comparison", params={"sort": "candidate"}, headers=teacher).json()["rows"]
    assert [r["candidate"] for r in by_name] == sorted(r["candidate"] for r in rows)
    assert screen.client.get(SCREEN + "/comparison", params={"sort": "x"}, headers=teacher).status_code == 422
    exported = screen.client.get(SCREEN + "/comparison.csv", headers=teacher)
    table = list(csv.reader(io.StringIO(exported.text)))
    assert table[0] == [
        "candidate",
        "name",
        "state",
        "minutes_used",
        "add-canary",
        "plays-per-user",
        "total",
        "overall",
    ]
    assert table[1][0] == siobhan.login and table[1][4] == "10" and table[1][6] == "10"


def test_reviews_are_for_the_courses_staff_alone(screen):
    ada = screen.candidates[0]
    for path in (f"{SCREEN}/comparison", f"{SCREEN}/comparison.csv", f"{SCREEN}/report/{ada.login}"):
        assert ada.get(path).status_code == 403, path
        assert screen.client.get(path, headers=screen.auth("ann")).status_code == 404, path
        assert screen.client.get(path, headers=screen.auth("tia")).status_code == 200, path
    assert ada.put(f"{SCREEN}/scorecards/{ada.login}", {"overall": "strong_yes"}).status_code == 403


def basic(key: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


class Receiver(BaseHTTPRequestHandler):
    got: list = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.got.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_an_applicant_tracking_system_lists_invites_and_reads_the_status_and_hears_when_done(screen):
    teacher = screen.auth("teacher")
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/hook"
    screen.services.settings.__dict__["webhook_allow_private"] = True  # the receiver is on loopback
    try:
        made = screen.client.post(
            "/api/v1/courses/hire/partner-keys", json={"name": "greenhouse", "webhook_url": url}, headers=teacher
        )
        assert made.status_code == 201, made.text
        key, secret = made.json()["key"], made.json()["webhook_secret"]
        ats = "/api/v1/partner/greenhouse"
        assert screen.client.get(ats + "/list_tests").status_code == 401
        assert screen.client.get(ats + "/list_tests", headers=basic("jp_wrong")).status_code == 401
        assert screen.client.get(ats + "/list_tests", headers=screen.auth("teacher")).status_code == 401
        tests = screen.client.get(ats + "/list_tests", headers=basic(key)).json()
        assert tests == [{"partner_test_id": "hire/screen", "partner_test_name": "Screen"}]
        body = {
            "partner_test_id": "hire/screen",
            "candidate": {"first_name": "Alan", "last_name": "Turing", "email": "alan@example.com"},
            "resume_url": "https://ats.example.com/cv",
        }
        sent = screen.client.post(ats + "/send_test", json=body, headers=basic(key))
        assert sent.status_code == 200, sent.text
        interview = sent.json()["partner_interview_id"]
        assert any("alan@example.com" in m["To"] for m in screen.mailbox.messages)
        status = screen.client.get(ats + "/test_status", params={"partner_interview_id": interview}, headers=basic(key))
        assert status.json()["partner_status"] == "sent"
        alan = Candidate(screen, {"candidate": "?", "id": interview, "link": sent.json()["link"]})
        alan.post(SCREEN + "/start")
        made_id = alan.submit().json()["id"]
        alan.post(SCREEN + "/finish")
        status = screen.client.get(ats + "/test_status", params={"partner_interview_id": interview}, headers=basic(key))
        assert status.json()["partner_status"] == "in_progress"  # finished, but not judged yet
        assert partner.due_notifications(screen.services) == []
        judging.store_result(screen.services, made_id, public_result().model_copy(update={"score": 100.0}))
        status = screen.client.get(ats + "/test_status", params={"partner_interview_id": interview}, headers=basic(key))
        assert status.json()["partner_status"] == "complete" and status.json()["partner_score"] == pytest.approx(33.33)
        assert "/report/" in status.json()["partner_profile_url"]
        assert partner.due_notifications(screen.services) == [interview]
        assert partner.due_notifications(screen.services) == []  # told once
        from judge.service import webhooks

        Receiver.got.clear()
        webhooks.deliver(*partner.delivery(screen.services, interview), allow_private=True, event=partner.EVENT)
        headers, raw = Receiver.got[0]
        expected = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
        assert headers["X-Judge-Signature"] == expected and headers["X-Judge-Event"] == "assessment.finished"
        assert json.loads(raw)["partner_status"] == "complete"
        # Another course's key reads nothing of this one's interviews.
        screen.client.post("/api/v1/courses", json={"slug": "other-hire", "title": "O"}, headers=teacher)
        other = screen.client.post(
            "/api/v1/courses/other-hire/partner-keys", json={"name": "lever"}, headers=teacher
        ).json()["key"]
        params = {"partner_interview_id": interview}
        assert screen.client.get(ats + "/test_status", params=params, headers=basic(other)).status_code == 404
        assert screen.client.get(ats + "/list_tests", headers=basic(other)).json() == []
        key_id = made.json()["id"]
        screen.client.delete(f"/api/v1/courses/hire/partner-keys/{key_id}", headers=teacher)
        assert screen.client.get(ats + "/list_tests", headers=basic(key)).status_code == 401
    finally:
        server.shutdown()


def test_retention_anonymises_or_deletes_the_candidates_after_the_assessment_closes(screen):
    ada = screen.candidates[0]
    ada.post(SCREEN + "/start")
    ada.draft("def solve(a, b):\n    return 1\n")
    assert erasure.apply_retention(screen.services) == 0  # not closed yet
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=200)
    make_assessment(screen, retention={"days": 30, "action": "anonymise"})
    assert erasure.apply_retention(screen.services, later) == 3
    with screen.services.sessions() as session:
        kept = session.scalar(select(User).where(User.name == ada.login))
        assert kept.display_name is None and kept.email is None and kept.anonymised_at is not None
        assert session.scalar(select(func.count()).select_from(Draft)) == 0
    assert erasure.apply_retention(screen.services, later) == 0  # once
    make_assessment(screen, retention={"days": 30, "action": "delete"})
    assert erasure.apply_retention(screen.services, later) == 3
    with screen.services.sessions() as session:
        assert session.scalar(select(User).where(User.name == ada.login)) is None


def test_erasing_a_candidate_takes_their_drafts_and_scorecards(screen):
    ada = screen.candidates[0]
    ada.post(SCREEN + "/start")
    ada.draft("def solve(a, b):\n    return 7  # ada-marker\n")
    screen.client.put(f"{SCREEN}/scorecards/{ada.login}", json={"overall": "yes"}, headers=screen.auth("tia"))
    erased = screen.client.delete(f"/api/v1/users/{ada.login}", headers=screen.auth("teacher"))
    assert erased.status_code == 204
    with screen.services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Draft)) == 0
        assert session.scalar(select(func.count()).select_from(Scorecard)) == 0


def test_a_faulty_assessment_names_every_fault_at_once(screen):
    body = {
        "slug": "bad",
        "title": "Bad",
        "release_at": "2027-01-04T09:00:00Z",
        "due_at": "2027-01-05T09:00:00Z",
        "problems": [{"problem": "add-canary", "points": 10}],
        "assessment": {"practice": "add-canary", "rubric": RUBRIC + RUBRIC},
    }
    refused = screen.client.put("/api/v1/courses/hire/assignments/bad", json=body, headers=screen.auth("teacher"))
    detail = refused.json()["detail"]
    assert refused.status_code == 422
    assert "window_minutes" in detail and "practice must be another" in detail and "keyed 'product-sense'" in detail


# --- the pages ---------------------------------------------------------------------------------------------


def test_the_candidates_pages_rules_practice_start_time_left_and_finish(hiring):
    make_assessment(hiring, hidden_feedback="verdicts", examples_runs=False)
    sent = invite_csv(hiring).json()[0]
    from tests.judge.api.test_invites import token_of
    from tests.judge.api.test_pages import csrf_of, new_client

    client = new_client(hiring)
    welcome = client.get("/invite/" + token_of(sent["link"]))
    assert "press Start" in welcome.text
    opened = client.post("/invite/" + token_of(sent["link"]), data={"csrftoken": csrf_of(welcome.text)})
    assert opened.headers["location"] == "/assessments/hire/screen"
    home = client.get("/").text
    assert "Hello, Ada Lovelace" in home and "/assessments/hire/screen" in home and "?assignment=" not in home
    page = client.get("/assessments/hire/screen")
    assert page.status_code == 200 and "90 minutes" in page.text and "/problems/count-stream" in page.text
    assert "keeps running" in page.text and "Runs on the examples are not part" in page.text
    assert "/problems/add-canary" not in page.text
    assert client.get("/problems/add-canary?assignment=hire/screen").status_code == 403
    started = client.post("/assessments/hire/screen/start", data={"csrftoken": csrf_of(page.text)})
    assert started.status_code == 303
    page = client.get("/assessments/hire/screen").text
    assert 'class="countdown" data-until=' in page and "/problems/add-canary?assignment=hire/screen" in page
    problem = client.get("/problems/add-canary?assignment=hire/screen").text
    assert 'data-draft-url="/api/v1/courses/hire/assignments/screen/drafts"' in problem
    assert "Run on the examples</button>" not in problem  # not offered in this assessment
    assert 'data-until="' in problem
    confirm = client.get("/assessments/hire/screen/finish").text
    assert "Finish now?" in confirm
    done = client.post("/assessments/hire/screen/finish", data={"csrftoken": csrf_of(confirm)})
    assert done.status_code == 303
    assert "You have finished" in client.get("/assessments/hire/screen").text
    problem = client.get("/problems/add-canary?assignment=hire/screen")
    assert problem.status_code == 403


def test_the_reviewers_pages_compare_report_and_score_blind(screen):
    from tests.judge.api.test_pages import csrf_of, set_password, sign_in

    ada = screen.candidates[0]
    ada.post(SCREEN + "/start")
    ada.draft("def solve(a, b):\n    return a + b\n", pasted=30)
    made = ada.submit().json()["id"]
    judging.store_result(screen.services, made, public_result(verdict=Verdict.WRONG_ANSWER))
    set_password(screen, "tia")
    tia, _ = sign_in(screen, "tia")
    base = "/courses/hire/assignments/screen"
    table = tia.get(base + "/comparison")
    assert table.status_code == 200 and ada.login in table.text and "Ada Lovelace" not in table.text
    assert "?sort=add-canary" in table.text
    assert tia.get("/api/v1" + base + "/comparison.csv").status_code == 200  # the page's link, with its cookie
    assert tia.get(base + "/comparison?sort=nope").status_code == 422
    report = tia.get(f"{base}/report/{ada.login}")
    assert report.status_code == 200
    assert "hidden/02-canary" in report.text and "pasted 30 characters" in report.text
    assert "Ada Lovelace" not in report.text
    form = csrf_of(report.text)
    saved = tia.post(
        f"{base}/report/{ada.login}/scorecard",
        data={
            "csrftoken": form,
            "rating-product-sense": "yes",
            "overall": "strong_yes",
            "notes": "<b>sharp</b>",
            "submit": "1",
        },
    )
    assert saved.status_code == 303
    after = tia.get(f"{base}/report/{ada.login}").text
    assert "Ada Lovelace" in after and "&lt;b&gt;sharp&lt;/b&gt;" in after and "<b>sharp</b>" not in after
    assert ada.get(base + "/comparison").status_code == 403
    assert ada.get(f"{base}/report/{ada.login}").status_code == 403


def test_with_variants_each_submission_carries_the_seed_its_invite_fixed(hiring):
    make_assessment(hiring, variants=True)
    ada, grace = (Candidate(hiring, s) for s in invite_csv(hiring).json()[:2])
    seeds = []
    for who in (ada, grace):
        who.post(SCREEN + "/start")
        made = who.submit().json()["id"]
        with hiring.services.sessions() as session:
            row = session.get(Submission, made)
            invite = session.get(Invite, who.invite)
            assert row.variant_seed == invite.seed
            seeds.append(row.variant_seed)
    assert seeds[0] != seeds[1]


def test_a_candidate_reads_no_similarity_report_and_reviewers_read_the_assessments(screen):
    ada = screen.candidates[0]
    assert ada.post(SCREEN + "/start").status_code == 200
    made = ada.submit().json()["id"]
    judging.store_result(screen.services, made, public_result())
    refused = ada.get(SCREEN + "/similarity")
    assert refused.status_code == 403 and ada.login not in refused.text
    assert ada.get(f"{SCREEN}/similarity/{made}/{made}").status_code == 403
    report = screen.client.get(SCREEN + "/similarity", headers=screen.auth("tia"))
    assert report.status_code == 200, report.text
    assert [p["problem"] for p in report.json()["problems"]] == ["add-canary", "plays-per-user"]
    # Blind: the report names candidates by login, never by the name or email they were invited with.
    assert "Ada" not in report.text and "@" not in report.text
