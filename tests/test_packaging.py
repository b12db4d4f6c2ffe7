"""The judge as a user installs it: `pip install .` with no extras, not editable, in a fresh venv.

It must list, show and check problems from any directory that has a problems/ folder, translate SQL, and say
which extra a service command needs rather than crash. Every package of the repository is listed in
pyproject.toml, or the install would miss it.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO

PROBLEM = "third-unique-song"  # an SQL problem: the check reaches sqlglot, the runner and the reference cache


def test_every_package_of_the_repository_is_listed():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    roots = {"judge": REPO / "judge", "judgebox": REPO / "sandbox" / "judgebox", "judge.worker": REPO / "worker"}
    found = {"judge.sandbox.context"}  # sandbox/: the image's build files
    for name, root in roots.items():
        for init in root.rglob("__init__.py"):
            relative = init.parent.relative_to(root)
            found.add(".".join([name, *relative.parts]) if relative.parts else name)
    found |= {"judge.db.migrations", "judge.db.migrations.versions"}  # data and scripts that alembic loads by path
    assert set(config["packages"]) == found


def _run(command: list, cwd: Path, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def core_install(tmp_path_factory) -> Path:
    """A venv with the judge installed from a copy of the repository, with no extras; its bin directory."""
    base = tmp_path_factory.mktemp("core-install")
    source = base / "source"
    skipped_at_top = {".git", ".cache", "build", "tests", "problems", "bench", "docs"}  # judge/problems is a package

    def ignore(directory: str, names: list[str]) -> set[str]:
        at_top = Path(directory) == REPO
        return {
            n
            for n in names
            if n in ("__pycache__", ".wheels") or n.endswith(".egg-info") or (at_top and n in skipped_at_top)
        }

    shutil.copytree(REPO, source, symlinks=True, ignore=ignore)
    venv.create(base / "venv", with_pip=True)
    python = base / "venv" / "bin" / "python"
    done = _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)], base)
    assert done.returncode == 0, done.stderr[-3000:]
    return base / "venv" / "bin"


@pytest.fixture(scope="module")
def user_dir(tmp_path_factory) -> Path:
    """Somewhere else, with a copy of the bank: what a user of an installed judge has."""
    directory = tmp_path_factory.mktemp("user")
    shutil.copytree(REPO / "problems", directory / "problems")
    return directory


def _env(user_dir: Path) -> dict:
    # Nothing of the checkout on the path: the venv alone.
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(user_dir),
        "LANG": "C.UTF-8",
        "JUDGE_CACHE_DIR": str(user_dir / "cache"),
    }


@pytest.mark.network
def test_a_core_install_has_no_service_packages_and_starts(core_install, user_dir):
    python = core_install / "python"
    for absent in ("sqlalchemy", "fastapi", "celery", "httpx"):
        done = _run([str(python), "-c", f"import {absent}"], user_dir, _env(user_dir))
        assert done.returncode != 0, f"{absent} is installed without the service extra"
    done = _run([str(core_install / "judge"), "--help"], user_dir, _env(user_dir))
    assert done.returncode == 0 and "check" in done.stdout, done.stderr


@pytest.mark.network
def test_a_core_install_lists_shows_and_translates(core_install, user_dir):
    judge = str(core_install / "judge")
    listed = _run([judge, "problems", "list"], user_dir, _env(user_dir))
    assert listed.returncode == 0, listed.stderr
    slugs = sorted(p.name for p in (user_dir / "problems").iterdir() if (p / "problem.yaml").exists())
    assert len(slugs) == 17 and all(slug in listed.stdout for slug in slugs)
    shown = _run([judge, "problems", "show", PROBLEM], user_dir, _env(user_dir))
    assert shown.returncode == 0 and "Public examples" in shown.stdout, shown.stderr
    query = user_dir / "problems" / PROBLEM / "solutions" / "reference.sql"
    translated = _run(
        [judge, "sql", "translate", "--dialect", "duckdb", "--problem", PROBLEM, str(query)], user_dir, _env(user_dir)
    )
    assert translated.returncode == 0 and "SELECT" in translated.stdout.upper(), translated.stderr


@pytest.mark.network
@pytest.mark.parametrize("command", [["db", "upgrade"], ["users", "add", "ann"]])
def test_a_core_install_names_the_extra_a_service_command_needs(core_install, user_dir, command):
    done = _run([str(core_install / "judge"), *command], user_dir, _env(user_dir))
    assert done.returncode == 2
    assert "judge[service]" in done.stderr and "Traceback" not in done.stderr + done.stdout


@pytest.mark.network
@pytest.mark.sandbox
def test_a_core_install_checks_a_problem_in_the_sandbox(core_install, user_dir, docker_ready):
    judge = str(core_install / "judge")
    solutions = user_dir / "problems" / PROBLEM / "solutions"
    accepted = _run([judge, "check", PROBLEM, str(solutions / "reference.sql"), "--json"], user_dir, _env(user_dir))
    assert accepted.returncode == 0, accepted.stdout[-2000:] + accepted.stderr[-2000:]
    assert '"verdict": "accepted"' in accepted.stdout
    wrong = next(s for s in solutions.iterdir() if s.name.startswith("hardcoded"))
    rejected = _run([judge, "check", PROBLEM, str(wrong)], user_dir, _env(user_dir))
    assert rejected.returncode == 1 and "wrong_answer" in rejected.stdout, rejected.stderr


@pytest.mark.network
def test_a_core_install_carries_every_source_of_the_sandbox_image(core_install, user_dir):
    # The image builds from package data: the installed Dockerfile, requirements and runner are the checkout's,
    # to the byte, so the installed judge computes the same source hash and builds the same image.
    from judge.sandbox.image import image_sources, source_hash

    script = "from judge.sandbox.image import image_sources, source_hash; print(source_hash(), sorted(image_sources()))"
    done = _run([str(core_install / "python"), "-c", script], user_dir, _env(user_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{source_hash()} {sorted(image_sources())}"
    assert {"Dockerfile", "requirements.txt", "judgebox/protocol.py", "judgebox/seccomp.py"} <= set(image_sources())
