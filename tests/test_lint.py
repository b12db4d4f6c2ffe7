"""The linter passes on the code (pyproject.toml's [tool.ruff]: pyflakes, syntax, and a few bug patterns)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.conftest import REPO


def test_ruff_check_passes():
    ruff = shutil.which("ruff") or f"{sys.executable} -m ruff"
    done = subprocess.run(
        [*ruff.split(), "check", "--no-cache", "."], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]


def test_mypy_strict_passes_on_the_typed_core():
    # pyproject.toml's [tool.mypy] names the modules held to strict typing: verdicts, format, kinds, grading,
    # core and the runner in the sandbox.
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]


def test_ruff_format_leaves_the_code_as_it_is():
    ruff = shutil.which("ruff") or f"{sys.executable} -m ruff"
    done = subprocess.run(
        [*ruff.split(), "format", "--check", "--no-cache", "."], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
