"""The problem bank in the database (judge.service.bank): what a sync publishes, refuses and keeps, and how a
process with an empty cache gets any version back; reference outputs derived when a version is published, and
never when a submission is judged. A temporary SQLite database; the in-process runner (FakeSandbox) stands in
for the sandbox, which tests/judge/service/test_problem_sync.py uses end to end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import update

from judge.db.models import ProblemVersion, Role
from judge.db.session import make_engine, make_sessionmaker, upgrade
from judge.errors import CorruptVersion, InvalidRequest, PermissionDenied, ProblemNotFound
from judge.format.content import tree_hash
from judge.service.access import viewer_for
from judge.core import Judge
from judge.sandbox.fake import FakeSandbox
from judge.service import bank
from judge.service.bank import ProblemBank
from judge.service.users import create_user
from judge.settings import Settings
from tests.conftest import FIXTURES


def fake_judge(cache) -> Judge:
    return Judge(Settings(cache_dir=cache), sandbox=FakeSandbox())


_JUDGE: list[Judge] = []


def sync(sessions, problems, actor=None, **options):
    """A sync that derives reference outputs in this process, as a tool's or a test's does."""
    if not _JUDGE:
        import tempfile

        _JUDGE.append(fake_judge(Path(tempfile.mkdtemp(prefix="bank-references-"))))
    return bank.sync(sessions, problems, actor, **({"judge": _JUDGE[0]} | options))


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


# --- reference outputs, derived when a version is published ------------------------------------------


def test_a_version_that_needs_reference_outputs_is_published_with_them(sessions, problems, tmp_path):
    sync(sessions, problems)
    published = ProblemBank(sessions, tmp_path / "cache")
    sql = published.get("plays-per-user")
    outputs = published.references("plays-per-user", sql.version)
    assert isinstance(outputs, list) and len(outputs) == len(sql.tests) and all(o is not None for o in outputs)
    assert published.references("add-canary", published.get("add-canary").version) is None  # its tests give them


def test_without_a_judge_a_version_is_pending_until_a_worker_derives_it(sessions, problems, tmp_path):
    asked: list[str] = []
    report = {o.slug: o for o in bank.sync(sessions, problems, enqueue_references=asked.append)}
    version = tree_hash(problems / "plays-per-user")
    assert (report["plays-per-user"].outcome, report["plays-per-user"].pending) == ("pending", version)
    assert report["add-canary"].outcome == "new"  # nothing to derive
    assert sorted(asked) == sorted(tree_hash(problems / slug) for slug in ("plays-per-user", "hostile-plays"))
    problems_bank = ProblemBank(sessions, tmp_path / "cache")
    with pytest.raises(ProblemNotFound):  # not offered before its outputs exist
        problems_bank.get("plays-per-user")
    judge = fake_judge(tmp_path / "worker-cache")
    assert bank.derive_and_publish(sessions, problems_bank, judge, version) == "published"
    assert judge.sandbox.runs == ["reference"]
    assert problems_bank.get("plays-per-user").version == version
    assert len(problems_bank.references("plays-per-user", version)) == len(problems_bank.get("plays-per-user").tests)


def test_a_worker_judging_a_published_version_never_runs_the_reference(sessions, problems, tmp_path):
    from judge.source import Source

    sync(sessions, problems)
    published = ProblemBank(sessions, tmp_path / "another-host")
    problem = published.get("plays-per-user")
    worker = fake_judge(tmp_path / "empty-cache")  # a fresh worker: nothing in memory or on disk
    reference = (problem.directory / problem.spec.reference).read_text()
    source = Source(reference, "sql", "duckdb")
    for label in ("first", "second"):
        result = worker.judge(
            problem, source, label=label, references=published.references(problem.slug, problem.version)
        )
        assert result.verdict.value == "accepted", result
    assert worker.sandbox.runs == ["first", "second"]  # the submissions, and no reference run
    # With no stored outputs the judging is the judge's internal_error, still without running the reference.
    missing = worker.judge(problem, source, label="third", references=None)
    assert missing.verdict.value == "internal_error" and "not stored" in (missing.message or "")
    assert worker.sandbox.runs == ["first", "second"]


def test_a_version_whose_reference_fails_is_refused_with_the_reason(sessions, problems, tmp_path):
    sync(sessions, problems)
    before = tree_hash(problems / "plays-per-user")
    reference = problems / "plays-per-user" / "solutions" / "reference.sql"
    reference.write_text("SELECT no_such_column FROM plays")
    report = {o.slug: o for o in sync(sessions, problems)}
    refused = report["plays-per-user"]
    assert (refused.outcome, refused.version) == ("refused", before)
    assert "reference" in " ".join(map(str, refused.issues)) and "no_such_column" in " ".join(map(str, refused.issues))
    assert ProblemBank(sessions, tmp_path / "cache").get("plays-per-user").version == before
    # A worker's derivation of a pending version refuses it the same way, and stores why.
    asked: list[str] = []
    reference.write_text("SELECT still_no_such_column FROM plays")
    bank.sync(sessions, problems, enqueue_references=asked.append)
    problems_bank = ProblemBank(sessions, tmp_path / "cache")
    assert bank.derive_and_publish(sessions, problems_bank, fake_judge(tmp_path / "w"), asked[0]) == "refused"
    with sessions() as session:
        assert "still_no_such_column" in session.get(ProblemVersion, asked[0]).refused
    assert problems_bank.get("plays-per-user").version == before


def test_of_two_versions_derived_out_of_order_the_later_asked_for_is_published(sessions, problems, tmp_path):
    asked: list[str] = []
    spec = problems / "plays-per-user" / "statement.md"
    bank.sync(sessions, problems, enqueue_references=asked.append)
    spec.write_text(spec.read_text() + "\nA second version.\n")
    bank.sync(sessions, problems, enqueue_references=asked.append)
    first, second = [v for v in asked if v != tree_hash(problems / "hostile-plays")]
    problems_bank, judge = ProblemBank(sessions, tmp_path / "cache"), fake_judge(tmp_path / "w")
    assert bank.derive_and_publish(sessions, problems_bank, judge, second) == "published"
    assert bank.derive_and_publish(sessions, problems_bank, judge, first) == "stale"
    assert problems_bank.get("plays-per-user").version == second
