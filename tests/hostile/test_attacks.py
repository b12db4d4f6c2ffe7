"""The hostile-submission suite: every file in attacks/ judged in the real sandbox (docs/security.md).

Each attack states in its header what it tries, the finding of the security review it covers, the problem it
targets and the verdict a safe judge gives. Most are guarded: they answer right only if a defence fails, so
a broken defence shows up as `accepted`. Whatever the attack, the judge is never at fault (no
internal_error), what the candidate sees never holds a hidden input (`never-shows`), the stored result stays
small, and a run never holds the worker past its budget.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judge.grading import build_job
from judge.problems.loader import load_problem
from judge.service.access import candidate_view
from judge.verdicts import HIDDEN_CPU_MS, HIDDEN_MEMORY_KB, Verdict
from judgebox.protocol import DIALECTS
from tests.conftest import FIXTURES

ATTACKS = Path(__file__).parent / "attacks"
STORED_CAP_BYTES = 256 * 1024  # a stored result, whatever the submission did


def headers(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.removeprefix("#").removeprefix("--").strip() if line.startswith(("#", "--")) else None
        if text is None or ":" not in text:
            break
        key, _, value = text.partition(":")
        found[key.strip()] = value.strip()
    return found


def never_shown(header: dict, problem) -> list[str]:
    """What must not reach the candidate: the hidden tests' inputs (their tags), or the header's own words."""
    wanted = header.get("never-shows")
    if wanted == "hidden inputs":
        return [t.payload["kwargs"]["tag"] for t in problem.tests if t.visibility == "hidden"]
    return [wanted] if wanted else []


def dialect_of(path: Path) -> str | None:
    parts = path.name.split(".")
    return parts[-2] if path.suffix == ".sql" and len(parts) >= 3 and parts[-2] in DIALECTS else None


ALL = sorted(path for path in ATTACKS.iterdir() if path.suffix in (".py", ".sql"))


def test_the_suite_is_large_and_covers_every_finding_and_dialect():
    assert len(ALL) >= 40
    # The first review's five findings, and the second's (r2-): tests/hostile/test_service_attacks.py has the
    # rest of the second round, which are about the service rather than the box.
    assert {headers(path)["finding"] for path in ALL} == {"1", "2", "3", "4", "5"} | {
        f"r2-{n}" for n in (1, 2, 4, 5, 6, 7, 8)
    } | {"r2-low", "load"}
    assert {dialect_of(path) for path in ALL if path.suffix == ".sql"} == set(DIALECTS)
    for path in ALL:
        assert {"attack", "finding", "problem", "expect"} <= set(headers(path)), path.name
        assert headers(path)["expect"] in {v.value for v in Verdict} - {"internal_error"}, path.name


@pytest.fixture(scope="module")
def judged(judge):
    """Each attack's result and its job, judged once."""
    cache = {}

    def run(path: Path):
        if path not in cache:
            header = headers(path)
            problem = load_problem(FIXTURES / header["problem"])
            source = judge.accept(problem, path.read_text(encoding="utf-8"), dialect=dialect_of(path))
            cache[path] = (judge.judge(problem, source, label=f"attack:{path.stem}"), build_job(problem, source))
        return cache[path]

    return run


@pytest.mark.sandbox
@pytest.mark.parametrize("path", ALL, ids=lambda path: path.name)
def test_the_attack_gets_the_verdict_of_a_safe_judge(path, judged, judge):
    header = headers(path)
    result, job = judged(path)
    seen = candidate_view(result.for_candidate())
    shown = json.dumps(seen.model_dump(mode="json"), ensure_ascii=False)
    shown.encode("utf-8")  # every string valid UTF-8: storable, and sendable (round two, finding 5)
    assert result.verdict is not Verdict.INTERNAL_ERROR, (result.message, shown[:3000])
    assert result.verdict.value == header["expect"], f"{header['attack']}: got {result.verdict.value}\n{shown[:3000]}"
    for needle in never_shown(header, load_problem(FIXTURES / header["problem"])):
        assert needle not in shown, needle
    assert len(shown.encode()) <= STORED_CAP_BYTES
    if header.get("coarse") == "yes":
        # What the author reads of a hidden test's figures is a bucket, never the figure (round two, finding 8).
        hidden = [t for t in seen.tests if t.visibility == "hidden"]
        assert hidden and all(t.wall_ms is None for t in hidden)
        assert {t.memory_kb for t in hidden} <= set(HIDDEN_MEMORY_KB) and {t.cpu_ms for t in hidden} <= set(
            HIDDEN_CPU_MS
        )
        assert len({t.memory_kb for t in hidden}) <= 2  # 0 to 31 MiB by the input: two buckets at most
    if "counts-memory-mb" in header:
        # Memory the submission holds where no resident set shows it is counted all the same: in a public
        # test's exact figure (its interpreter's 16 MiB and what it hid).
        public = [t.memory_kb or 0 for t in seen.tests if t.visibility == "public"]
        assert max(public) >= int(header["counts-memory-mb"]) * 1024, public
    if header.get("budget") == "yes":
        # The run's whole wall time, container included, stays within its budget and the fixed allowance.
        assert result.total_ms / 1000 <= judge.sandbox.worst_case_s(job)
