"""Invites to a hiring assessment, in-process, with mail to a real local SMTP server (aiosmtpd).

A hiring course "hire" holds the assessment "screen" (add-canary, a 90-minute window) and another assignment
"other" (plays-per-user); count-stream is in the open bank. An invite's session must reach the screen alone.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select, update

from judge.db.models import AuditEntry, Invite
from judge.service.accounts import COOKIE
from tests.judge.api.test_courses import assignment, put
from tests.judge.api.test_pages import csrf_of, new_client

GOOD = "def solve(a, b):\n    return a + b\n"
CSV = (
    'name,email\nAda Lovelace,ada@example.com\n"O\'Brien, Siobhán",siobhan@example.ie\nGrace Hopper,grace@example.com\n'
)


def invite_csv(api, text: str = CSV, who: str = "teacher", **params):
    return api.client.post(
        "/api/v1/courses/hire/assignments/screen/invites/csv",
        content=text.encode(),
        params=params,
        headers={**api.auth(who), "Content-Type": "text/csv"},
    )


def token_of(link: str) -> str:
    return link.rsplit("/invite/", 1)[1]


def open_link(api, link: str):
    """A fresh browser that follows the link and presses its one button: (the client, the answer)."""
    client = new_client(api)
    path = "/invite/" + token_of(link)
    page = client.get(path)
    if page.status_code != 200:
        return client, page
    return client, client.post(path, data={"csrftoken": csrf_of(page.text)})


def test_invites_from_a_csv_are_mailed_each_with_its_own_link(hiring):
    response = invite_csv(hiring)
    assert response.status_code == 201, response.text
    sent = response.json()
    assert [s["name"] for s in sent] == ["Ada Lovelace", "O'Brien, Siobhán", "Grace Hopper"]
    assert all(s["mailed"] and s["state"] == "open" and s["assessment"] == "hire/screen" for s in sent)
    assert len({s["link"] for s in sent}) == 3 and all(s["link"].startswith("http://judge.test/invite/") for s in sent)
    assert all(re.fullmatch(r"candidate-[0-9a-f]{10}", s["candidate"]) for s in sent)  # a login naming no one
    for s in sent:
        [mail] = hiring.mailbox.to(s["email"])
        assert s["link"] in mail.get_content() and "90 minutes" in mail.get_content()
    assert "O'Brien, Siobhán" in hiring.mailbox.to("siobhan@example.ie")[0]["To"]
    listed = hiring.client.get("/api/v1/courses/hire/assignments/screen/invites", headers=hiring.auth("tia")).json()
    assert [i["state"] for i in listed] == ["open"] * 3 and "link" not in listed[0]  # the link is shown once


def test_a_faulty_csv_names_every_faulty_line_and_invites_no_one(hiring):
    text = "name,email\nAda,ada@example.com\nNo Address,\nBad,not-an-email\nToo,many,fields\n"
    response = invite_csv(hiring, text)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "line 3" in detail and "line 4" in detail and "line 5" in detail and "line 2" not in detail
    assert invite_csv(hiring, "email,name\nx@example.com,X\n").status_code == 422
    listed = hiring.client.get("/api/v1/courses/hire/assignments/screen/invites", headers=hiring.auth("teacher"))
    assert listed.json() == [] and not hiring.mailbox.messages


def test_a_name_cannot_forge_a_mail_header(hiring):
    body = {"candidates": [{"name": "Eve\r\nBcc: everyone@example.com", "email": "eve@example.com"}]}
    response = hiring.client.post(
        "/api/v1/courses/hire/assignments/screen/invites", json=body, headers=hiring.auth("teacher")
    )
    assert response.status_code == 422 and not hiring.mailbox.messages


def test_a_name_full_of_quotes_and_commas_is_one_recipients_name(hiring):
    name = 'Eve" <evil@example.com>, "Mallory'
    body = {"candidates": [{"name": name, "email": "eve@example.com"}]}
    response = hiring.client.post(
        "/api/v1/courses/hire/assignments/screen/invites", json=body, headers=hiring.auth("teacher")
    )
    assert response.status_code == 201 and response.json()[0]["mailed"]
    assert hiring.mailbox.recipients == [["eve@example.com"]]
    [mail] = hiring.mailbox.messages
    assert [a.addr_spec for a in mail["To"].addresses] == ["eve@example.com"]
    assert mail["To"].addresses[0].display_name == name


def test_only_the_courses_instructors_invite_and_only_its_staff_list(hiring):
    assert invite_csv(hiring, who="tia").status_code == 403
    assert invite_csv(hiring, who="ann").status_code == 404  # not a member of hire: not told it exists
    for who, code in (("ann", 404), ("carl", 404)):
        listed = hiring.client.get("/api/v1/courses/hire/assignments/screen/invites", headers=hiring.auth(who))
        assert listed.status_code == code
    invite_id = invite_csv(hiring).json()[0]["id"]
    for path in (f"/api/v1/invites/{invite_id}/revoke", f"/api/v1/invites/{invite_id}/resend"):
        assert hiring.client.post(path, headers=hiring.auth("tia")).status_code == 403
        assert hiring.client.post(path, headers=hiring.auth("ann")).status_code == 404


def test_the_link_opens_once_and_its_welcome_page_spends_nothing(hiring):
    sent = invite_csv(hiring).json()[0]
    client = new_client(hiring)
    path = "/invite/" + token_of(sent["link"])
    for _ in range(3):  # a mail scanner that follows the link spends nothing
        page = client.get(path)
        assert page.status_code == 200 and "90 minutes" in page.text and "Ada Lovelace" in page.text
        assert page.headers["referrer-policy"] == "no-referrer" and page.headers["cache-control"] == "no-store"
    opened = client.post(path, data={"csrftoken": csrf_of(page.text)})
    assert opened.status_code == 303 and opened.headers["location"] == "/"
    assert client.cookies.get(COOKIE)
    assert "Add Canary" in client.get("/").text or "add-canary" in client.get("/").text
    again = new_client(hiring).get(path)
    assert again.status_code == 410 and "used already" in again.text
    second, refused = open_link(hiring, sent["link"])
    assert refused.status_code == 410 and not second.cookies.get(COOKIE)
    state = hiring.client.get("/api/v1/courses/hire/assignments/screen/invites", headers=hiring.auth("teacher"))
    assert state.json()[0]["state"] == "used" and state.json()[0]["used_at"]
    assert new_client(hiring).get("/invite/" + "x" * 43).status_code == 404


def test_an_invites_session_reaches_its_assessment_and_nothing_else(hiring):
    sent = invite_csv(hiring).json()[0]
    client, opened = open_link(hiring, sent["link"])
    assert opened.status_code == 303
    home = client.get("/").text
    assert "screen" in home.lower() and "plays-per-user" not in home and "week-1" not in home.lower()
    csrf = {"x-csrftoken": client.cookies.get("judge_csrf")}
    problems = client.get("/api/v1/problems").json()
    assert [p["slug"] for p in problems] == ["add-canary"]  # not the open bank's, not the other assignment's
    for path in ("/problems/count-stream", "/problems/plays-per-user", "/api/v1/problems/count-stream"):
        assert client.get(path).status_code == 404, path
    for path in (
        "/courses/hire/gradebook",
        "/courses/hire/roster",
        "/courses/hire/stats",
        "/api/v1/courses/hire/members",
        "/api/v1/courses/hire/assignments/screen/invites",
    ):
        assert client.get(path).status_code == 403, path
    for path in ("/api/v1/courses/ds101", "/courses/ds101/grades", "/api/v1/courses/hire/assignments/other"):
        assert client.get(path).status_code == 404, path
    assert [c["slug"] for c in client.get("/api/v1/courses").json()] == ["hire"]
    assert client.post("/api/v1/tokens", json={"name": "mine"}, headers=csrf).status_code == 403
    for body in (
        {"problem": "count-stream", "source": GOOD, "language": "python"},
        {"problem": "plays-per-user", "source": "SELECT 1", "language": "sql", "assignment": "hire/other"},
        {"problem": "add-canary", "source": GOOD, "language": "python", "assignment": "ds101/week-1"},
    ):
        refused = client.post("/api/v1/submissions", json=body, headers=csrf)
        assert refused.status_code in (403, 404), (body, refused.text)
    made = client.post(
        "/api/v1/submissions", json={"problem": "add-canary", "source": GOOD, "assignment": "hire/screen"}, headers=csrf
    )
    assert made.status_code == 201, made.text
    anns = hiring.submit("ann", assignment="ds101/week-1")["id"]
    assert client.get(f"/api/v1/submissions/{made.json()['id']}").status_code == 200
    assert client.get(f"/api/v1/submissions/{anns}").status_code in (403, 404)
    assert client.get(f"/submissions/{anns}").status_code in (403, 404)


def test_a_revoked_link_opens_nothing_and_ends_the_candidates_sessions(hiring):
    first, second = invite_csv(hiring).json()[:2]
    client, opened = open_link(hiring, first["link"])
    assert opened.status_code == 303 and client.get("/").status_code == 200
    for sent in (first, second):
        assert (
            hiring.client.post(f"/api/v1/invites/{sent['id']}/revoke", headers=hiring.auth("teacher")).status_code
            == 204
        )
    assert client.get("/").status_code == 303  # signed out: sent to the sign-in page
    _, refused = open_link(hiring, second["link"])
    assert refused.status_code == 410 and "withdrawn" in refused.text


def test_an_expired_link_says_when_it_expired_and_a_resend_gives_a_new_one(hiring):
    sent = invite_csv(hiring, send="false").json()[0]
    assert sent["mailed"] is False and sent["mail_error"] is None and not hiring.mailbox.messages
    with hiring.services.sessions() as session:
        session.execute(update(Invite).values(expires_at=dt.datetime(2026, 1, 2, 9, 30, tzinfo=dt.timezone.utc)))
        session.commit()
    _, refused = open_link(hiring, sent["link"])
    assert refused.status_code == 410 and "expired at 2026-01-02 09:30 UTC" in refused.text
    resent = hiring.client.post(f"/api/v1/invites/{sent['id']}/resend", headers=hiring.auth("teacher"))
    assert resent.status_code == 200, resent.text
    fresh = resent.json()
    assert fresh["link"] != sent["link"] and fresh["state"] == "open" and fresh["mailed"]
    assert hiring.mailbox.to(sent["email"])[0].get_content().count(fresh["link"]) == 1
    assert open_link(hiring, sent["link"])[1].status_code == 404  # the old link is no link now
    assert open_link(hiring, fresh["link"])[1].status_code == 303
    used = hiring.client.post(f"/api/v1/invites/{sent['id']}/resend", headers=hiring.auth("teacher"))
    assert used.status_code == 422 and "was used" in used.json()["detail"]


def test_extending_an_invite_moves_its_date_forward_only(hiring):
    sent = invite_csv(hiring).json()[0]
    later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=30)).replace(microsecond=0)
    moved = hiring.client.put(
        f"/api/v1/invites/{sent['id']}/expiry", json={"expires_at": later.isoformat()}, headers=hiring.auth("teacher")
    )
    assert moved.status_code == 200 and dt.datetime.fromisoformat(moved.json()["expires_at"]) == later
    past = hiring.client.put(
        f"/api/v1/invites/{sent['id']}/expiry",
        json={"expires_at": "2020-01-01T00:00:00Z"},
        headers=hiring.auth("teacher"),
    )
    assert past.status_code == 422


def test_without_a_mail_server_the_link_is_given_with_the_reason(api_factory):
    api = api_factory(public_url="http://judge.test")
    teacher = api.auth("teacher")
    api.client.post("/api/v1/courses", json={"slug": "hire", "title": "Hiring"}, headers=teacher).raise_for_status()
    put(api, assignment("screen", release=-1, due=72, window=60), course="hire").raise_for_status()
    sent = invite_csv(api).json()
    assert all(not s["mailed"] and "JUDGE_SMTP_HOST" in s["mail_error"] and s["link"] for s in sent)


def test_the_audit_log_names_invites_and_logins_never_a_name_or_an_email(hiring):
    sent = invite_csv(hiring).json()
    hiring.client.post(f"/api/v1/invites/{sent[0]['id']}/revoke", headers=hiring.auth("teacher"))
    with hiring.services.sessions() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action.like("invite.%"))).all()
        text = repr([(e.target, e.details) for e in entries])
    assert len(entries) == 4 and "invite.revoke" in {e.action for e in entries}
    for person in sent:
        assert person["name"] not in text and person["email"] not in text and person["candidate"] in text


# --- the staff page -------------------------------------------------------------------------------------


def staff_page(api, who: str = "teacher"):
    from tests.judge.api.test_pages import set_password, sign_in

    set_password(api, who)
    client, _ = sign_in(api, who)
    return client, client.get("/courses/hire/assignments/screen/invites")


def test_a_recruiter_invites_from_the_page_and_sees_the_links_once(hiring):
    client, page = staff_page(hiring)
    assert page.status_code == 200 and "No one is invited yet" in page.text and 'name="candidates_csv"' in page.text
    sent = client.post(
        "/courses/hire/assignments/screen/invites",
        data={"csrftoken": csrf_of(page.text), "candidates_csv": CSV, "send": "true"},
    )
    assert sent.status_code == 200 and sent.headers["cache-control"] == "no-store"
    links = re.findall(r"<code>(http://judge\.test/invite/[^<]+)</code>", sent.text)
    assert len(links) == 3 and len(hiring.mailbox.messages) == 3
    assert "O&#39;Brien, Siobhán" in sent.text and "Siobhán" in sent.text
    again = client.get("/courses/hire/assignments/screen/invites").text
    assert not re.findall(r"http://judge\.test/invite/", again)  # shown once: the list has no link
    assert again.count('<span class="tag">open</span>') == 3
    revoke = re.search(r'action="(/courses/hire/assignments/screen/invites/[0-9a-f]+/revoke)"', again).group(1)
    assert client.post(revoke, data={"csrftoken": csrf_of(again)}).status_code == 303
    assert client.get("/courses/hire/assignments/screen/invites").text.count('<span class="tag">revoked</span>') == 1


def test_a_faulty_csv_on_the_page_keeps_what_was_typed_and_says_why(hiring):
    client, page = staff_page(hiring)
    typed = "name,email\nAda,not-an-address\n"
    refused = client.post(
        "/courses/hire/assignments/screen/invites", data={"csrftoken": csrf_of(page.text), "candidates_csv": typed}
    )
    assert refused.status_code == 422 and "line 2" in refused.text and "not-an-address" in refused.text
    assert not hiring.mailbox.messages


def test_a_ta_reads_the_invites_page_without_its_forms_and_a_candidate_not_at_all(hiring):
    invite_csv(hiring)
    client, page = staff_page(hiring, "tia")
    assert page.status_code == 200 and page.text.count('<span class="tag">open</span>') == 3
    assert 'name="candidates_csv"' not in page.text and "Revoke" not in page.text
    refused = client.post(
        "/courses/hire/assignments/screen/invites", data={"csrftoken": csrf_of(page.text), "candidates_csv": CSV}
    )
    assert refused.status_code == 403
    candidate, _ = open_link(hiring, invite_csv(hiring).json()[0]["link"])
    assert candidate.get("/courses/hire/assignments/screen/invites").status_code == 403


# --- the clock ---------------------------------------------------------------------------------------------


def test_the_clock_runs_from_the_first_look_cannot_be_restarted_and_extra_time_lengthens_it(hiring):
    from judge.db.models import AssignmentStart

    sent = invite_csv(hiring).json()[0]
    client, _ = open_link(hiring, sent["link"])
    csrf = {"x-csrftoken": client.cookies.get("judge_csrf")}

    def window_of() -> dict:
        listed = hiring.client.get("/api/v1/courses/hire/assignments/screen/windows", headers=hiring.auth("teacher"))
        return next(w for w in listed.json() if w["student"] == sent["candidate"])

    assert window_of()["started_at"] is None
    assert client.get("/problems/add-canary?assignment=hire/screen").status_code == 200  # reading starts it
    window = window_of()
    assert window["started_at"] and window["window_minutes"] == 90

    def submit():
        body = {"problem": "add-canary", "source": GOOD, "assignment": "hire/screen"}
        return client.post("/api/v1/submissions", json=body, headers=csrf)

    with hiring.services.sessions() as session:  # 100 minutes later, as far as the clock is concerned
        started = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=100)
        session.execute(update(AssignmentStart).values(started_at=started))
        session.commit()
    late = submit()
    assert late.status_code == 403 and "deadline passed" in late.json()["detail"]
    # Nothing the candidate can do starts it again: the link is spent, and reading again keeps the start.
    assert open_link(hiring, sent["link"])[1].status_code == 410
    client.get("/problems/add-canary?assignment=hire/screen")
    assert submit().status_code == 403
    resend = hiring.client.post(f"/api/v1/invites/{sent['id']}/resend", headers=hiring.auth("teacher"))
    assert resend.status_code == 422
    # 20 minutes of extra time: 110 in all, and 100 are used.
    extra = hiring.client.put(
        f"/api/v1/courses/hire/members/{sent['candidate']}/accommodation",
        json={"extra_minutes": 20},
        headers=hiring.auth("teacher"),
    )
    assert extra.status_code == 200
    assert submit().status_code == 201
