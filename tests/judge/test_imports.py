"""Every pure module imports first in a fresh interpreter: no import cycle depends on who came first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MODULES = [
    "judge.checkers", "judge.checkers.check", "judge.checkers.values", "judge.checkers.sql_rows",
    "judge.metrics", "judge.metrics.pairwise_f1",
    "judge.kinds", "judge.kinds.base", "judge.kinds.sql", "judge.kinds.python_function",
    "judge.kinds.python_metric", "judge.kinds.python_tests",
    "judge.problems.model", "judge.problems.spec", "judge.problems.loader",
    "judge.grading", "judge.verdicts", "judge.errors", "judge.sandbox.job",
    "judgebox.jsonsafe", "judgebox.sql.guard", "judgebox.sql.translate", "judgebox.sql.formats",
    "judgebox.sql.duckdb_engine", "judgebox.sql.sqlite_engine", "judgebox.executors.sql",
]


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_on_its_own(module):
    done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
