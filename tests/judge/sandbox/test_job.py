"""judge.sandbox.job: the box archive is read-only, ends with the ready marker, hides the hidden inputs in the
vault, and never holds answers."""

from __future__ import annotations

import dataclasses
import io
import json
import tarfile

import pytest

from judge.grading import build_job
from judge.source import Source
from judge.problems.loader import load_problem
from judge.format.spec import Limits
from judge.sandbox.job import BUDGET_FACTOR, LOAD_ALLOWANCE_S, JobTest, SandboxJob
from judgebox.protocol import BOX, STARVED_FACTOR, VAULT_PAD_BYTES, hidden_input_dir, vault_pad_name

from tests.conftest import CANARY, FIXTURES


def members(archive: bytes) -> list[tarfile.TarInfo]:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return tar.getmembers()


def contents(archive: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


JOB = SandboxJob(
    source=Source("def solve():\n    return 1\n", "python"),
    config={"python": {"entry": "solve"}},
    limits=Limits(time_s=1.5, wall_s=4.5, memory_mb=128, output_kb=4),
    tests=(
        JobTest("examples", False, {"input.json": b'{"args": [1]}'}),
        JobTest("hidden", True, {"input.json": b'{"args": [2]}', "extra.csv": b"a\n1\n"}),
    ),
    skip_after_failure=("hidden",),
)


HIDDEN = hidden_input_dir(JOB.nonce, 1)


def test_task_json_names_no_hidden_input():
    assert JOB.task() == {
        "language": "python",
        "source": f"{BOX}/submission/solution.py",
        "python": {"entry": "solve"},
        "limits": {"time_s": 1.5, "wall_s": 4.5, "memory_mb": 128, "output_bytes": 4096},
        "tests": [
            {"input": f"{BOX}/tests/0", "group": "examples", "hidden": False},
            {"group": "hidden", "hidden": True},
        ],
        "budget_s": BUDGET_FACTOR * 1.5 * 2 + LOAD_ALLOWANCE_S,
        "skip_after_failure": ["hidden"],
    }
    assert JOB.nonce not in json.dumps(JOB.task()) and HIDDEN.split("/")[-1] not in json.dumps(JOB.task())


def test_the_archive_holds_public_inputs_in_tests_and_hidden_ones_in_the_vault_under_secret_names():
    files = contents(JOB.archive(owner=10001))
    pad = vault_pad_name(JOB.nonce)
    assert files == {
        "submission/solution.py": JOB.source.text.encode(),
        "task.json": json.dumps(JOB.task()).encode(),
        "tests/0/input.json": b'{"args": [1]}',
        f"{HIDDEN}/input.json": b'{"args": [2]}',
        f"{HIDDEN}/extra.csv": b"a\n1\n",
        pad: files[pad],
        "ready": b"",
    }
    # df on the box tells a public test only how many MiB the hidden inputs take.
    assert (2 * 4096 + len(files[pad])) % VAULT_PAD_BYTES == 0


def test_every_job_has_its_own_nonce_and_so_its_own_hidden_names():
    again = dataclasses.replace(JOB)
    assert again.nonce != JOB.nonce and hidden_input_dir(again.nonce, 1) != HIDDEN
    assert again == JOB  # the nonce is no part of what the job is


def test_ready_marker_is_the_last_member():
    names = [m.name for m in members(JOB.archive())]
    assert names[-1] == "ready"
    assert names.count("ready") == 1


def test_directories_come_before_their_files():
    names = [m.name for m in members(JOB.archive())]
    for name in names:
        parent = name.rpartition("/")[0]
        if parent:
            assert names.index(parent) < names.index(name), name


@pytest.mark.parametrize(
    "job",
    [JOB, SandboxJob(Source("SELECT 1", "sql"), {}, Limits(time_s=1, wall_s=3, memory_mb=64, output_kb=1), ())],
    ids=["two-tests", "no-tests"],
)
def test_modes_are_read_only_and_the_vault_cannot_be_listed(job):
    entries = members(job.archive(owner=10001))
    dirs = {m.name: m for m in entries if m.isdir()}
    files = [m for m in entries if m.isfile()]
    assert set(dirs) >= {"submission", "tests", "vault"}
    assert dirs.pop("vault").mode == 0o111  # entered by a name, never listed
    for name, member in dirs.items():
        hidden = name.startswith("vault/")
        # A hidden test's directory is the sandbox user's, for the runner to empty once the test ends.
        assert (member.mode, member.uid) == ((0o500, 10001) if hidden else (0o555, 0)), name
    assert all(m.mode == 0o444 and m.uid == 0 for m in files)
    assert len(dirs) + 1 + len(files) == len(entries)  # no links or devices


def test_member_names_stay_inside_the_box():
    for member in members(JOB.archive()):
        assert not member.name.startswith("/")
        assert ".." not in member.name.split("/")


@pytest.fixture(scope="module")
def add_canary():
    return load_problem(FIXTURES / "add-canary")


@pytest.mark.parametrize(
    "source",
    [
        "def solve(a, b):\n    return a + b\n",
        (FIXTURES / "add-canary" / "solutions" / "reference.py").read_text(),
    ],
)
def test_add_canary_archive_never_contains_hidden_answers(add_canary, source):
    job = build_job(add_canary, Source(source, "python"))
    archive = job.archive()
    assert CANARY.encode() not in archive
    assert b"expected" not in archive
    files = contents(job.archive())
    inputs = [json.loads(files[f"{job.input_dir(i)}/input.json"]) for i in range(len(add_canary.tests))]
    assert inputs == [{"args": t.payload["args"]} for t in add_canary.tests]  # the arguments, nothing else


def test_add_canary_job_settings(add_canary):
    job = build_job(add_canary, Source("def solve(a, b): return 0", "python"), label="verify")
    assert job.label == "verify"
    assert job.task()["source"] == f"{BOX}/submission/solution.py"
    assert job.task()["limits"] == {"time_s": 1.0, "wall_s": 3.0, "memory_mb": 128, "output_bytes": 64 * 1024}
    assert job.task()["python"] == {"entry": "solve"}
    assert len(job.tests) == len(add_canary.tests)
    assert [t.hidden for t in job.tests] == [t.visibility == "hidden" for t in add_canary.tests]
    assert job.skip_after_failure == ()  # its hidden group gives partial credit: every test counts


def test_sql_archive_holds_the_tables_but_not_the_reference():
    problem = load_problem(FIXTURES / "plays-per-user")
    job = build_job(problem, Source("SELECT user_id, 1 AS plays FROM plays", "sql", "postgres"))
    files = contents(job.archive())
    assert (
        files["tests/0/users.csv"]
        == (FIXTURES / "plays-per-user" / "data" / "examples" / "01" / "users.csv").read_bytes()
    )
    hidden = job.input_dir(2)
    assert sorted(n for n in files if n.startswith(f"{hidden}/")) == [f"{hidden}/plays.csv", f"{hidden}/users.csv"]
    reference = (FIXTURES / "plays-per-user" / "solutions" / "reference.sql").read_text().strip().encode()
    assert reference not in job.archive()
    task = json.loads(files["task.json"])
    assert task["sql"]["dialect"] == "postgres"
    assert set(task["sql"]["schema"]) == {"users", "plays"}
    assert files["submission/solution.sql"] == b"SELECT user_id, 1 AS plays FROM plays"


def test_sql_dialect_defaults_to_the_reference_dialect():
    problem = load_problem(FIXTURES / "plays-per-user")
    job = build_job(problem, Source("SELECT 1", "sql"))
    assert job.task()["sql"]["dialect"] == "duckdb"


def test_the_worst_case_of_a_run_is_its_budget_and_a_fixed_allowance(settings):
    # Finding 4: a run could hold its worker for 60 s + 7 s per test. Now: its budget (1.5 x the sum of the
    # tests' CPU limits, plus the load allowance), STARVED_FACTOR times over on a machine too busy to give it
    # the CPU, plus the container's start-up and the copying in, whatever the submission does.
    from judge.sandbox.docker_sandbox import TRANSFER_ALLOWANCE_S, DockerSandbox

    sandbox = DockerSandbox(settings.sandbox)
    budget = BUDGET_FACTOR * (1.5 + 1.5) + LOAD_ALLOWANCE_S
    assert JOB.budget_s == budget
    fixed = settings.sandbox.startup_allowance_s + TRANSFER_ALLOWANCE_S
    assert sandbox.worst_case_s(JOB) == STARVED_FACTOR * budget + fixed
    assert fixed == 40.0
