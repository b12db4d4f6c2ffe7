"""Who may do what in a course: every course endpoint against every role and membership, in one table.

ds101 (conftest's `course`): teacher instructs it, tia is its TA, ann and ben its students. carl is a student
of no course; prof is an instructor of the deployment but not of ds101; admin is admin. A course is a 404 to
anyone outside it, so that its name is not confirmed; inside it, a 403 says what the role may not do.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from judge.db.roles import MemberRole, Role
from judge.service.access import COURSE, Action, Viewer
from tests.judge.api.conftest import build_course, launch

NOW = dt.datetime.now(dt.timezone.utc)
CALLERS = ["admin", "teacher", "tia", "ann", "ben", "carl", "prof", None]


def _assignment(slug: str, release_h: float, problem: str) -> dict:
    return {
        "slug": slug,
        "title": slug,
        "release_at": (NOW + dt.timedelta(hours=release_h)).isoformat(),
        "due_at": (NOW + dt.timedelta(hours=release_h + 48)).isoformat(),
        "problems": [{"problem": problem, "points": 10}],
    }


# endpoint -> the status each caller gets, in the order of CALLERS.
MATRIX = {
    "list courses": [200, 200, 200, 200, 200, 200, 200, 401],
    "read the course": [200, 200, 200, 200, 200, 404, 404, 401],
    "read the settings": [200, 200, 200, 403, 403, 404, 404, 401],
    "put the settings": [200, 200, 403, 403, 403, 404, 404, 401],
    "read the webhook secret": [200, 200, 403, 403, 403, 404, 404, 401],
    "list the members": [200, 200, 200, 403, 403, 404, 404, 401],
    "add a student": [201, 201, 403, 403, 403, 404, 404, 401],  # a new account: not a TA's to make
    "add carl as a student": [201, 201, 201, 403, 403, 404, 404, 401],  # he has one
    "add a TA": [201, 201, 403, 403, 403, 404, 404, 401],
    "import a roster": [201, 201, 403, 403, 403, 404, 404, 401],
    "deactivate ben": [200, 200, 200, 403, 403, 404, 404, 401],
    "remove ben": [204, 204, 403, 403, 403, 404, 404, 401],
    "list the assignments": [200, 200, 200, 200, 200, 404, 404, 401],
    "put an assignment": [200, 200, 403, 403, 403, 404, 404, 401],
    "open the released assignment": [200, 200, 200, 200, 200, 404, 404, 401],
    "open the unreleased assignment": [200, 200, 200, 404, 404, 404, 404, 401],
    "give ann an extension": [204, 204, 403, 403, 403, 404, 404, 401],
    "read the gradebook": [200, 200, 200, 403, 403, 404, 404, 401],
    "export the gradebook": [200, 200, 200, 403, 403, 404, 404, 401],
    "read the statistics": [200, 200, 200, 403, 403, 404, 404, 401],
    "read ann's course submission": [200, 200, 200, 200, 403, 403, 403, 401],
    "read ann's course source": [200, 200, 200, 200, 403, 403, 403, 401],
    "list ann's submissions": [200, 200, 200, 200, 403, 403, 200, 401],
    # In an ordinary assignment, a problem stays in the open bank for everyone (the visibility rule).
    "read the released problem": [200, 200, 200, 200, 200, 200, 200, 401],
    "read the unreleased problem": [200, 200, 200, 404, 404, 404, 200, 401],
    "submit to the unreleased problem": [201, 201, 201, 404, 404, 404, 201, 401],
    "deactivate an account": [200, 403, 403, 403, 403, 403, 403, 401],
    "create a course": [201, 201, 403, 403, 403, 403, 201, 401],
    # A TA manages students only; a course always keeps an active instructor, whoever asks (issue 20).
    "deactivate the teacher": [422, 422, 403, 403, 403, 404, 404, 401],
    "remove the teacher": [422, 422, 403, 403, 403, 404, 404, 401],
    "make tia an instructor": [201, 201, 403, 403, 403, 404, 404, 401],
    "list week-1's extensions": [200, 200, 200, 403, 403, 404, 404, 401],
    "read week-1's windows": [200, 200, 200, 403, 403, 404, 404, 401],
    "withdraw an assignment": [200, 200, 403, 403, 403, 404, 404, 401],
    "restore an assignment": [200, 200, 403, 403, 403, 404, 404, 401],
    "override ann's grade": [204, 204, 403, 403, 403, 404, 404, 401],
    "clear ann's override": [204, 204, 403, 403, 403, 404, 404, 401],
    "waive ann's penalty": [204, 204, 403, 403, 403, 404, 404, 401],
    "clear ann's waiver": [204, 204, 403, 403, 403, 404, 404, 401],
    "give ann extra time": [200, 200, 403, 403, 403, 404, 404, 401],
    "read my grades": [404, 403, 403, 200, 200, 404, 404, 401],  # an admin has no grades to read
    # Anyone else is told there is no such student of theirs: a name is not confirmed.
    "reset ann's token": [201, 201, 404, 404, 404, 404, 404, 401],
    # Hiring: the course's instructors invite candidates to an assignment; its staff see the invites.
    "invite a candidate": [201, 201, 403, 403, 403, 404, 404, 401],
    "invite candidates from a CSV": [201, 201, 403, 403, 403, 404, 404, 401],
    "list week-1's invites": [200, 200, 200, 403, 403, 404, 404, 401],
    # Hiring assessments: the candidates' clock is theirs (staff have none); reviews are the staff's.
    "read the screen": [200, 200, 200, 200, 200, 404, 404, 401],
    "start the screen": [422, 422, 422, 200, 200, 404, 404, 401],
    "finish the screen before starting": [422, 422, 422, 403, 403, 404, 404, 401],
    "save a draft before starting": [422, 422, 422, 403, 403, 404, 404, 401],
    "compare the screen's candidates": [200, 200, 200, 403, 403, 404, 404, 401],
    "export the comparison": [200, 200, 200, 403, 403, 404, 404, 401],
    "read ann's report": [200, 200, 200, 403, 403, 404, 404, 401],
    "score ann": [200, 200, 200, 403, 403, 404, 404, 401],
    "make a partner key": [201, 201, 403, 403, 403, 404, 404, 401],
    "list the partner keys": [200, 200, 403, 403, 403, 404, 404, 401],
    "revoke a partner key": [204, 204, 403, 403, 403, 404, 404, 401],
    "read week-1's similarity report": [200, 200, 200, 403, 403, 404, 404, 401],
    "read a similarity pair": [422, 422, 422, 403, 403, 404, 404, 401],  # staff: a pair is of two submissions
}


def call(api, endpoint: str, who, ids: dict):
    method, path, kwargs = request(endpoint, who, ids)
    kwargs = {**kwargs, "headers": {**api.auth(who), **kwargs.get("headers", {})}}
    return getattr(api.client, method)(path, **kwargs)


def request(endpoint: str, who, ids: dict) -> tuple[str, str, dict]:
    c = "/api/v1/courses/ds101"
    unique = f"{who}-{endpoint.split()[0]}".replace(" ", "")
    requests = {
        "list courses": ("get", "/api/v1/courses", {}),
        "read the course": ("get", c, {}),
        "read the settings": ("get", f"{c}/settings", {}),
        "put the settings": ("put", f"{c}/settings", {"json": {"submissions_per_minute": 30}}),
        "read the webhook secret": ("get", f"{c}/webhook-secret", {}),
        "list the members": ("get", f"{c}/members", {}),
        "add a student": ("post", f"{c}/members", {"json": {"name": f"new-{unique}"}}),
        "add a TA": ("post", f"{c}/members", {"json": {"name": f"ta-{unique}", "role": "ta"}}),
        "add carl as a student": ("post", f"{c}/members", {"json": {"name": "carl"}}),
        "import a roster": (
            "post",
            f"{c}/roster",
            {"content": f"name,email,role\nr-{unique},,student\n", "headers": {"Content-Type": "text/csv"}},
        ),
        "deactivate ben": ("patch", f"{c}/members/ben", {"json": {"active": False}}),
        "remove ben": ("delete", f"{c}/members/ben", {}),
        "list the assignments": ("get", f"{c}/assignments", {}),
        "put an assignment": ("put", f"{c}/assignments/extra", {"json": _assignment("extra", -1, "count-stream")}),
        "open the released assignment": ("get", f"{c}/assignments/week-1", {}),
        "open the unreleased assignment": ("get", f"{c}/assignments/week-2", {}),
        "give ann an extension": (
            "put",
            f"{c}/assignments/week-1/extensions/ann",
            {"json": {"due_at": (NOW + dt.timedelta(days=9)).isoformat()}},
        ),
        "read the gradebook": ("get", f"{c}/gradebook", {}),
        "export the gradebook": ("get", f"{c}/gradebook.csv", {}),
        "read the statistics": ("get", f"{c}/assignments/week-1/stats", {}),
        "read ann's course submission": ("get", f"/api/v1/submissions/{ids['ann']}", {}),
        "read ann's course source": ("get", f"/api/v1/submissions/{ids['ann']}/source", {}),
        "list ann's submissions": ("get", "/api/v1/submissions", {"params": {"user": "ann"}}),
        "read the released problem": ("get", "/api/v1/problems/add-canary", {}),
        "read the unreleased problem": ("get", "/api/v1/problems/plays-per-user", {}),
        "submit to the unreleased problem": (
            "post",
            "/api/v1/submissions",
            {"json": {"problem": "plays-per-user", "source": "SELECT 1"}},
        ),
        "deactivate an account": ("patch", "/api/v1/users/carl", {"json": {"active": False}}),
        "create a course": ("post", "/api/v1/courses", {"json": {"slug": f"c-{unique}".lower()[:90], "title": "C"}}),
        "deactivate the teacher": ("patch", f"{c}/members/teacher", {"json": {"active": False}}),
        "remove the teacher": ("delete", f"{c}/members/teacher", {}),
        "make tia an instructor": ("post", f"{c}/members", {"json": {"name": "tia", "role": "instructor"}}),
        "list week-1's extensions": ("get", f"{c}/assignments/week-1/extensions", {}),
        "read week-1's windows": ("get", f"{c}/assignments/week-1/windows", {}),
        "withdraw an assignment": ("post", f"{c}/assignments/spare/withdraw", {}),
        "restore an assignment": ("post", f"{c}/assignments/spare/restore", {}),
        "override ann's grade": (
            "put",
            f"{c}/assignments/week-1/overrides/ann/add-canary",
            {"json": {"grade": 80, "reason": "regraded by hand"}},
        ),
        "clear ann's override": ("delete", f"{c}/assignments/week-1/overrides/ann/add-canary", {}),
        "waive ann's penalty": ("put", f"{c}/assignments/week-1/waivers/ann", {"json": {"reason": "a medical note"}}),
        "clear ann's waiver": ("delete", f"{c}/assignments/week-1/waivers/ann", {}),
        "give ann extra time": ("put", f"{c}/members/ann/accommodation", {"json": {"extra_percent": 50}}),
        "read my grades": ("get", f"{c}/grades/me", {}),
        "reset ann's token": ("post", "/api/v1/users/ann/token", {}),
        "invite a candidate": (
            "post",
            f"{c}/assignments/week-1/invites",
            {"json": {"candidates": [{"name": "Cand Idate", "email": "cand@example.com"}], "send": False}},
        ),
        "invite candidates from a CSV": (
            "post",
            f"{c}/assignments/week-1/invites/csv",
            {
                "content": "name,email\nCand Idate,cand@example.com\n",
                "params": {"send": "false"},
                "headers": {"Content-Type": "text/csv"},
            },
        ),
        "list week-1's invites": ("get", f"{c}/assignments/week-1/invites", {}),
        "read the screen": ("get", f"{c}/assignments/screen/assessment", {}),
        "start the screen": ("post", f"{c}/assignments/screen/start", {"json": {}}),
        "finish the screen before starting": ("post", f"{c}/assignments/screen/finish", {}),
        "save a draft before starting": (
            "put",
            f"{c}/assignments/screen/drafts",
            {"json": {"assignment": "ds101/screen", "problem": "hostile-sum", "source": "x = 1"}},
        ),
        "compare the screen's candidates": ("get", f"{c}/assignments/screen/comparison", {}),
        "export the comparison": ("get", f"{c}/assignments/screen/comparison.csv", {}),
        "read ann's report": ("get", f"{c}/assignments/screen/report/ann", {}),
        "score ann": ("put", f"{c}/assignments/screen/scorecards/ann", {"json": {"overall": "yes"}}),
        "make a partner key": ("post", f"{c}/partner-keys", {"json": {"name": f"ats-{unique}"[:90]}}),
        "list the partner keys": ("get", f"{c}/partner-keys", {}),
        "revoke a partner key": ("delete", f"{c}/partner-keys/{ids.get('key', 'none')}", {}),
        "read week-1's similarity report": ("get", f"{c}/assignments/week-1/similarity", {}),
        "read a similarity pair": ("get", f"{c}/assignments/week-1/similarity/{ids['ann']}/{ids['ann']}", {}),
    }
    return requests[endpoint]


# The cells that change what other cells see (a member, an account): each gets a world of its own. The
# others only read, or change what nobody else reads (new names, the same settings again), and share one.
CHANGES_THE_WORLD = {
    "deactivate ben",
    "remove ben",
    "deactivate an account",
    "add carl as a student",
    "make tia an instructor",
    "clear ann's override",
    "clear ann's waiver",
    "reset ann's token",
    "start the screen",
}


def build_world(api):
    build_course(api)
    api.tokens["prof"] = api.client.post(
        "/api/v1/users", json={"name": "prof", "role": "instructor"}, headers=api.auth("admin")
    ).json()["token"]
    for slug, release, problem in (
        ("week-1", -1, "add-canary"),
        ("week-2", 24, "plays-per-user"),
        ("spare", -1, "hostile-sum"),
    ):
        api.client.put(
            f"/api/v1/courses/ds101/assignments/{slug}",
            # week-2 keeps its problem to itself (private): unreleased, it is nobody's to read yet
            json={**_assignment(slug, release, problem), "private": slug == "week-2"},
            headers=api.auth("teacher"),
        ).raise_for_status()
    ann = api.client.post(
        "/api/v1/submissions",
        json={"problem": "add-canary", "source": "def solve(a, b): return 1"},
        headers=api.auth("ann"),
    ).json()["id"]
    week_1 = "/api/v1/courses/ds101/assignments/week-1"
    api.client.put(  # what the clearing cells clear
        f"{week_1}/overrides/ann/add-canary", json={"grade": 50, "reason": "r"}, headers=api.auth("teacher")
    ).raise_for_status()
    api.client.put(f"{week_1}/waivers/ann", json={"reason": "r"}, headers=api.auth("teacher")).raise_for_status()
    screen = {**_assignment("screen", -1, "hostile-sum"), "window_minutes": 60, "assessment": {"rubric": []}}
    api.client.put(
        "/api/v1/courses/ds101/assignments/screen", json=screen, headers=api.auth("teacher")
    ).raise_for_status()
    key = api.client.post("/api/v1/courses/ds101/partner-keys", json={"name": "ats"}, headers=api.auth("teacher"))
    key.raise_for_status()
    return api, {"ann": ann, "key": key.json()["id"]}


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory, api_template):
    started: list = []
    world = build_world(launch(tmp_path_factory.mktemp("world"), api_template, started))
    yield world
    for client in started:
        client.__exit__(None, None, None)


@pytest.fixture
def world(request, shared_world):
    endpoint = (
        getattr(request, "param", None) or request.node.callspec.params.get("endpoint")
        if hasattr(request.node, "callspec")
        else None
    )
    if endpoint not in CHANGES_THE_WORLD:
        return shared_world
    return build_world(request.getfixturevalue("api"))


def test_the_matrix_names_every_course_endpoint(world):
    api, _ = world
    paths = api.client.get("/openapi.json").json()["paths"]
    course_routes = {
        (method, path) for path, methods in paths.items() if path.startswith("/api/v1/courses") for method in methods
    }
    covered = set()
    for endpoint in MATRIX:
        method, path, _ = request(endpoint, "x", {"ann": "0" * 32})
        for route_method, template in course_routes:
            pattern = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$"
            if route_method == method and re.match(pattern, path):
                covered.add((route_method, template))
    assert course_routes - covered == set()  # a new course endpoint needs its row in MATRIX


@pytest.mark.parametrize("endpoint", list(MATRIX))
@pytest.mark.parametrize("who", CALLERS, ids=lambda who: str(who))
def test_course_authorisation(world, endpoint, who):
    api, ids = world
    expected = MATRIX[endpoint][CALLERS.index(who)]
    response = call(api, endpoint, who, ids)
    assert response.status_code == expected, f"{endpoint} as {who}: {response.status_code} {response.text[:300]}"
    if endpoint == "list courses" and who in ("carl", "prof"):
        assert response.json() == []  # courses they are not in are not listed
    if expected >= 400:
        # A refusal says why, and leaks nothing of the course: no member, no assignment, no source.
        text = response.text
        assert response.json()["detail"]
        assert "ann@example.com" not in text and "def solve" not in text


# The policy each course endpoint asks, and each caller as the policy sees them. The MATRIX above says what
# the API answers; this says why: the table of judge.service.access must allow exactly the callers that get
# a 2xx, among those the course exists for.
ACTION = {
    "read the course": Action.READ_COURSE,
    "read the settings": Action.READ_SETTINGS,
    "put the settings": Action.EDIT_SETTINGS,
    "read the webhook secret": Action.READ_WEBHOOK_SECRET,
    "list the members": Action.LIST_MEMBERS,
    "add a student": Action.CREATE_MEMBER_ACCOUNT,  # of a new name
    "add carl as a student": Action.ADD_STUDENT,
    "add a TA": Action.ADD_STAFF,
    "import a roster": Action.CREATE_MEMBER_ACCOUNT,
    "deactivate ben": Action.SET_MEMBER_ACTIVE,
    "remove ben": Action.REMOVE_MEMBER,
    "list the assignments": Action.READ_COURSE,
    "put an assignment": Action.EDIT_ASSIGNMENT,
    "open the released assignment": Action.READ_COURSE,
    "open the unreleased assignment": Action.SEE_UNRELEASED,
    "give ann an extension": Action.SET_EXTENSION,
    "read the gradebook": Action.READ_GRADEBOOK,
    "export the gradebook": Action.READ_GRADEBOOK,
    "read the statistics": Action.READ_STATISTICS,
    "create a course": Action.CREATE_COURSE,
    "deactivate an account": Action.SET_ACCOUNT_ACTIVE,
    "list week-1's extensions": Action.LIST_EXTENSIONS,
    "read week-1's windows": Action.READ_WINDOWS,
    "withdraw an assignment": Action.EDIT_ASSIGNMENT,
    "restore an assignment": Action.EDIT_ASSIGNMENT,
    "override ann's grade": Action.ADJUST_GRADES,
    "clear ann's override": Action.ADJUST_GRADES,
    "waive ann's penalty": Action.ADJUST_GRADES,
    "clear ann's waiver": Action.ADJUST_GRADES,
    "give ann extra time": Action.SET_ACCOMMODATION,
    "read my grades": Action.READ_OWN_GRADES,
    "reset ann's token": Action.RESET_STUDENT_TOKEN,
    "invite a candidate": Action.SEND_INVITES,
    "invite candidates from a CSV": Action.SEND_INVITES,
    "list week-1's invites": Action.LIST_INVITES,
    "compare the screen's candidates": Action.REVIEW_CANDIDATES,
    "export the comparison": Action.REVIEW_CANDIDATES,
    "read week-1's similarity report": Action.READ_SIMILARITY,
    "read ann's report": Action.REVIEW_CANDIDATES,
    "score ann": Action.REVIEW_CANDIDATES,
    "make a partner key": Action.MANAGE_PARTNERS,
    "list the partner keys": Action.MANAGE_PARTNERS,
    "revoke a partner key": Action.MANAGE_PARTNERS,
}
AS_THE_POLICY_SEES = {
    "admin": Viewer("a", "admin", Role.ADMIN),
    "teacher": Viewer("t", "teacher", Role.INSTRUCTOR, {"ds101": MemberRole.INSTRUCTOR}),
    "tia": Viewer("i", "tia", Role.STUDENT, {"ds101": MemberRole.TA}),
    "ann": Viewer("n", "ann", Role.STUDENT, {"ds101": MemberRole.STUDENT}),
    "ben": Viewer("b", "ben", Role.STUDENT, {"ds101": MemberRole.STUDENT}),
    "carl": Viewer("c", "carl", Role.STUDENT),
    "prof": Viewer("p", "prof", Role.INSTRUCTOR),
}


def test_every_course_action_of_the_policy_has_an_endpoint_in_the_matrix():
    assert set(COURSE) - set(ACTION.values()) <= {Action.READ_COURSE_SUBMISSIONS}  # the submission rows below
    assert set(ACTION) <= set(MATRIX)


@pytest.mark.parametrize("endpoint", sorted(ACTION))
def test_the_matrix_is_what_the_policy_table_says(endpoint):
    action = ACTION[endpoint]
    for who, viewer in AS_THE_POLICY_SEES.items():
        expected = MATRIX[endpoint][CALLERS.index(who)]
        allowed = viewer.may(action, "ds101")
        if action in COURSE and not viewer.may(Action.READ_COURSE, "ds101"):
            assert expected == 404, (endpoint, who)  # the course does not exist for them
        elif endpoint == "open the unreleased assignment" and not allowed:
            assert expected == 404, (endpoint, who)  # an unreleased assignment is not confirmed either
        elif endpoint == "read my grades" and who == "admin":
            assert allowed and expected == 404, (endpoint, who)  # allowed, and no grades of their own
        else:
            assert (expected < 300) == allowed, (endpoint, who, expected)
