"""Each shape the judge passes across a boundary is defined once (docs/architecture.md).

The result, the limits and a submission's status are classes of one module each; the SQL dialects and the
language table are judgebox.protocol's. A second definition anywhere in the code, the tests, the benchmarks or
the scripts fails here, with where it is.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

SOURCES = [
    path
    for folder in ("judge", "worker", "sandbox", "tests", "bench", "scripts")
    for path in (REPO / folder).rglob("*.py")
    if "fixtures" not in path.parts
    and path.name != "test_one_definition.py"
    and not path.is_symlink()
    and "worker" not in path.relative_to(REPO).parts[1:2]
]  # judge/worker is worker/, read once

# What may define each shape, and what a definition looks like.
ONE_HOME = {
    "the result models": (
        "judge/verdicts.py",
        re.compile(r"^class (SubmissionResult|TestResult|GroupResult|CompileDiagnostic|CompileError)\b(?!\(Exception)"),
    ),
    "the limits": ("judge/format/spec.py", re.compile(r"^class \w*Limits\b(?!.*TypedDict)")),
    "a submission's status": ("judge/verdicts.py", re.compile(r"^(class Status\b|Status\s*=)")),
    "the SQL dialects": (
        "sandbox/judgebox/protocol.py",
        re.compile(r"""["']duckdb["'],\s*["']postgres["'],\s*["']mysql["']"""),
    ),
    "the language table": (
        "sandbox/judgebox/protocol.py",
        re.compile(r"""["']\.py["']\s*:\s*["']python["']|["']python["']\s*:\s*["']\.py["']"""),
    ),
}


@pytest.mark.parametrize("shape", sorted(ONE_HOME))
def test_defined_in_one_place(shape):
    home, definition = ONE_HOME[shape]
    found = sorted(
        {
            str(path.relative_to(REPO))
            for path in SOURCES
            for line in path.read_text(encoding="utf-8").splitlines()
            if definition.search(line) and not line.lstrip().startswith("assert ")
        }
    )  # a test may expect one
    assert found == [home], f"{shape} defined in {found}; only {home} may"
