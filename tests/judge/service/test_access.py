"""judge.service.access is the one access policy: every route asks for the viewer, no other module decides by
role, the Python check and the SQL filter of submissions agree, and results are filtered in one place."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

import judge.api.routes
from judge.api.deps import get_viewer
from judge.api.routes.partner import partner_key
from judge.db.models import Base, Submission, User
from judge.db.roles import MemberRole, Role
from judge.service import access
from judge.service.access import COURSE, DEPLOYMENT, Action, Viewer
from tests.conftest import REPO

UNAUTHENTICATED = {"/healthz", "/metrics"}  # counts and ages only, for probes and scrapers


def _route_modules():
    return [
        importlib.import_module(m.name) for m in pkgutil.iter_modules(judge.api.routes.__path__, "judge.api.routes.")
    ]


def _depends_on(dependant, call) -> bool:
    return any(d.call is call or _depends_on(d, call) for d in dependant.dependencies)


@pytest.mark.parametrize("module", _route_modules(), ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_every_route_asks_the_policy_for_its_viewer(module):
    routes = [r for r in module.router.routes if isinstance(r, APIRoute)]
    assert routes
    for route in routes:
        if route.path in UNAUTHENTICATED:
            continue
        if _depends_on(route.dependant, partner_key):  # an applicant tracking system's key: no viewer, one course
            assert route.path.startswith("/api/v1/partner/"), route.path
            continue
        assert _depends_on(route.dependant, get_viewer), f"{route.methods} {route.path} has no viewer"


# A decision by role, written anywhere but the policy: comparing an account's or a membership's role.
ROLE_DECISION = re.compile(
    r"\b(viewer|user|actor|reader|member|membership)\.role\b\s*(==|!=|in\b|not in\b)"
    r"|\bRole\.ADMIN\b|\bcourses\.get\(|\bis_admin\b.*\bor\b"
)
ALLOWED = {"judge/service/access.py"}


def test_no_module_but_the_policy_decides_by_role():
    sources = sorted((REPO / "judge" / "service").glob("*.py")) + sorted((REPO / "judge" / "api").rglob("*.py"))
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sources
        if str(path.relative_to(REPO)) not in ALLOWED
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if ROLE_DECISION.search(line) and not line.lstrip().startswith("#")
    ]
    # Creating the deployment's own admin account is not a decision about anyone's access.
    found = [f for f in found if "create_user(session, ADMIN_NAME, Role.ADMIN" not in f]
    assert found == []


def test_every_action_is_in_one_table_and_has_a_refusal():
    assert set(DEPLOYMENT) | set(COURSE) == set(Action)
    assert not set(DEPLOYMENT) & set(COURSE)


def test_admins_may_everything_and_no_one_else_everything():
    admin = Viewer("a", "admin", Role.ADMIN)
    assert all(admin.may(action, "any-course") for action in Action)
    for role in (Role.INSTRUCTOR, Role.STUDENT):
        viewer = Viewer("u", "u", role, {"c": MemberRole.INSTRUCTOR})
        assert not all(viewer.may(action, "c") for action in Action)


def test_a_course_role_counts_in_its_own_course_only():
    ta = Viewer("t", "tia", Role.STUDENT, {"ds101": MemberRole.TA})
    assert ta.may(Action.READ_GRADEBOOK, "ds101") and not ta.may(Action.READ_GRADEBOOK, "other")
    assert not ta.may(Action.ADD_STAFF, "ds101")  # a TA adds students only


VIEWERS = [
    Viewer("admin", "admin", Role.ADMIN),
    Viewer("prof", "prof", Role.INSTRUCTOR),
    Viewer("ann", "ann", Role.STUDENT, {"c1": MemberRole.STUDENT}),
    Viewer("tia", "tia", Role.STUDENT, {"c1": MemberRole.TA, "c2": MemberRole.STUDENT}),
    Viewer("teach", "teach", Role.INSTRUCTOR, {"c2": MemberRole.INSTRUCTOR}),
]


def test_the_python_check_and_the_sql_filter_of_submissions_agree():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        for viewer in VIEWERS:
            session.add(User(id=viewer.id, name=viewer.name, role=viewer.role))
        rows = [
            Submission(
                id=f"{owner.id}-{course}",
                user_id=owner.id,
                problem="p",
                language="python",
                source="x",
                status="queued",
                course_id=course,
            )
            for owner in VIEWERS
            for course in (None, "c1", "c2")
        ]
        session.add_all(rows)
        session.commit()
        for viewer in VIEWERS:
            for as_staff, check in ((False, access.can_read), (True, access.is_staff_of)):
                in_sql = set(session.scalars(select(Submission.id).where(access.readable(viewer, as_staff))))
                in_python = {row.id for row in rows if check(viewer, row)}
                assert in_sql == in_python, (viewer.name, as_staff)
        # And what they say: a student reads their own only, a TA their course's, staff see names.
        ann, tia = VIEWERS[2], VIEWERS[3]
        assert {r.id for r in rows if access.can_read(ann, r)} == {"ann-None", "ann-c1", "ann-c2"}
        assert {r.id for r in rows if access.is_staff_of(tia, r)} == {f"{o.id}-c1" for o in VIEWERS}


def test_results_are_filtered_in_one_place():
    # result_view is the only choice of a result's view: nothing else strips hidden names.
    users = [p for p in (REPO / "judge").rglob("*.py") if "without_hidden_names" in p.read_text()]
    assert sorted(str(p.relative_to(REPO)) for p in users) == ["judge/service/access.py", "judge/verdicts.py"]
