"""The problem bank in the database (judge.service.bank): what a sync publishes, refuses and keeps, and how a
process with an empty cache gets any version back. A temporary SQLite database; no sandbox."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import update

from judge.db.models import ProblemVersion, Role
from judge.db.session import make_engine, make_sessionmaker, upgrade
from judge.errors import CorruptVersion, InvalidRequest, PermissionDenied, ProblemNotFound
from judge.format.content import tree_hash
from judge.service.access import viewer_for
from judge.service.bank import ProblemBank, sync
from judge.service.users import create_user
from tests.conftest import FIXTURES


@pytest.fixture
def sessions(tmp_path):
    url = f"sqlite:///{tmp_path / 'bank.db'}"
    upgrade(url)
    return make_sessionmaker(make_engine(url))


@pytest.fixture
def problems(tmp_path):
    return shutil.copytree(FIXTURES, tmp_path / "problems")


def outcomes(report) -> dict[str, str]:
    return {o.slug: o.outcome for o in report}


def test_a_first_sync_publishes_every_problem_and_a_second_changes_nothing(sessions, problems, tmp_path):
    first = sync(sessions, problems)
    assert set(outcomes(first).values()) == {"new"}
    assert {o.slug for o in first} == {p.name for p in problems.iterdir()}
    bank = ProblemBank(sessions, tmp_path / "cache")
    assert bank.published() == {p.name: tree_hash(p) for p in problems.iterdir()}
    assert set(outcomes(sync(sessions, problems)).values()) == {"unchanged"}


def test_a_broken_edit_is_refused_with_every_fault_and_the_old_version_stays(sessions, problems, tmp_path):
    sync(sessions, problems)
    before = tree_hash(problems / "add-canary")
    spec = problems / "add-canary" / "problem.yaml"
    spec.write_text(spec.read_text().replace("difficulty: easy", "difficulty: easy\ncolour: red"))
    shutil.rmtree(problems / "add-canary" / "data" / "hidden")
    report = {o.slug: o for o in sync(sessions, problems)}
    refused = report["add-canary"]
    assert (refused.outcome, refused.version, refused.previous) == ("refused", before, before)
    faults = " ".join(str(issue) for issue in refused.issues)
    assert "colour" in faults and "data/hidden" in faults, faults
    assert ProblemBank(sessions, tmp_path / "cache").get("add-canary").version == before


def test_a_new_problem_that_does_not_load_is_not_offered(sessions, problems, tmp_path):
    sync(sessions, problems)
    broken = shutil.copytree(problems / "add-canary", problems / "add-broken")
    (broken / "statement.md").unlink()
    report = {o.slug: o for o in sync(sessions, problems)}
    assert (report["add-broken"].outcome, report["add-broken"].version) == ("refused", None)
    with pytest.raises(ProblemNotFound):
        ProblemBank(sessions, tmp_path / "cache").get("add-broken")


def test_a_problem_whose_directory_goes_stays_published(sessions, problems, tmp_path):
    sync(sessions, problems)
    shutil.rmtree(problems / "count-stream")
    assert outcomes(sync(sessions, problems))["count-stream"] == "absent"
    assert ProblemBank(sessions, tmp_path / "cache").get("count-stream").slug == "count-stream"
    with pytest.raises(InvalidRequest, match="does not exist"):
        sync(sessions, tmp_path / "nowhere")


def test_any_version_comes_back_from_the_database_into_an_empty_cache(sessions, problems, tmp_path):
    sync(sessions, problems)
    old = tree_hash(problems / "add-canary")
    (problems / "add-canary" / "data" / "hidden" / "01.json").write_text('{"args": [7, 7], "expected": 15}')
    sync(sessions, problems)
    elsewhere = ProblemBank(sessions, tmp_path / "another-host")  # nothing unpacked yet, no problems directory
    assert elsewhere.get("add-canary").version == tree_hash(problems / "add-canary") != old
    assert elsewhere.at("add-canary", old).version == old
    assert (tmp_path / "another-host" / "problems" / old / "add-canary" / "problem.yaml").is_file()
    with pytest.raises(ProblemNotFound):
        elsewhere.at("add-canary", "f" * 32)
    with pytest.raises(ProblemNotFound):  # a version is one problem's: another slug does not reach it
        elsewhere.at("count-stream", old)


def test_a_stored_archive_that_was_tampered_with_is_not_judged_against(sessions, problems, tmp_path):
    sync(sessions, problems)
    version = tree_hash(problems / "plays-per-user")
    other = ProblemBank(sessions, tmp_path / "cache").get("add-canary").version
    with sessions() as session:
        swapped = session.get(ProblemVersion, other).archive
        session.execute(update(ProblemVersion).where(ProblemVersion.version == version).values(archive=swapped))
        session.commit()
    with pytest.raises(CorruptVersion):
        ProblemBank(sessions, tmp_path / "fresh").at("plays-per-user", version)


def test_only_admins_sync(sessions, problems):
    with sessions() as session:
        student = viewer_for(session, create_user(session, "sam", Role.STUDENT)[0])
        admin = viewer_for(session, create_user(session, "ada", Role.ADMIN)[0])
    with pytest.raises(PermissionDenied):
        sync(sessions, problems, student)
    assert outcomes(sync(sessions, problems, admin))["add-canary"] == "new"


def test_a_damaged_version_leaves_the_listing_standing(sessions, problems, tmp_path):
    sync(sessions, problems)
    with sessions() as session:
        version = tree_hash(problems / "add-canary")
        session.execute(update(ProblemVersion).where(ProblemVersion.version == version).values(archive=b"garbage"))
        session.commit()
    listed = [p.slug for p in ProblemBank(sessions, tmp_path / "fresh-host").all()]
    assert "add-canary" not in listed and "plays-per-user" in listed
