"""What the sandbox costs: `judge check` on each reference solution against a bare run of it.

    python bench/check_vs_bare.py [--rounds 9] [SLUG ...]

Three timings per problem, interleaved round by round, medians reported:
- bare: a fresh `/usr/bin/python3` process (the interpreter build of the image)
  runs the same executors as the container on every test, with no Docker;
- in-process: `Judge.judge` in this process: container create, put_archive,
  all tests, logs, remove, and grading;
- cli: the whole `judge check` command, including starting Python.
Reference outputs are derived before timing starts, so no round pays for them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from judgebox import protocol  # noqa: E402

from judge.core import Judge  # noqa: E402
from judge.grading import build_job  # noqa: E402
from judge.problems.loader import load_all  # noqa: E402
from judge.sandbox.image import build_files_dir, download_wheels  # noqa: E402
from judge.settings import Settings  # noqa: E402

BARE_PYTHON = "/usr/bin/python3"


def bare_site(workdir: Path) -> Path:
    """The image's packages, installed from the image's wheels for the bare interpreter."""
    site = workdir / "site"
    found = download_wheels(build_files_dir() / "requirements.txt", Settings().cache_dir, log=lambda _: None)
    wheels = sorted(str(p) for p in found.glob("*.whl"))
    # Exactly the wheels the image installs, without resolving against this interpreter's packages.
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), *wheels], check=True
    )
    return site


def write_box(problem, source, workdir: Path) -> Path:
    """The sandbox's /box, on the host, with paths rewritten to it."""
    job = build_job(problem, source)
    box = workdir / problem.slug
    task = job.task()
    task["source"] = str(box / protocol.source_path(source.language))
    for index, test in enumerate(task["tests"]):
        directory = box / protocol.test_dir(index)
        test["input"] = str(directory)
        directory.mkdir(parents=True, exist_ok=True)
        for name, data in job.tests[index].inputs.items():
            (directory / name).write_bytes(data)
    (box / protocol.SUBMISSION_DIR).mkdir(parents=True, exist_ok=True)
    Path(task["source"]).write_bytes(source.text.encode("utf-8"))
    (box / "task.json").write_text(json.dumps(task))
    return box


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("slugs", nargs="*")
    args = parser.parse_args()
    settings = Settings()
    judge = Judge(settings)
    problems, broken = load_all(settings.problems_dir)
    if broken:
        raise SystemExit("\n".join(map(str, broken)))
    problems = [p for p in problems if not args.slugs or p.slug in args.slugs]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        env = {
            **os.environ,
            "PYTHONPATH": f"{bare_site(workdir)}:{REPO / 'sandbox'}",
            "PYTHONDONTWRITEBYTECODE": "1",
            "OMP_NUM_THREADS": "1",
        }
        cases = []
        for problem in problems:
            source = (problem.directory / problem.spec.reference).read_text()
            submission = judge.accept(problem, source, None, problem.kind.reference_dialect(problem))
            if problem.kind.needs_reference_outputs(problem):
                judge.reference_outputs(problem)
            result = judge.judge(problem, submission)
            assert result.verdict == "accepted", (problem.slug, result.verdict)
            box = write_box(problem, submission, workdir)
            bare_command = ["taskset", "-c", "0", BARE_PYTHON, str(REPO / "bench" / "bare.py"), str(box)]
            cli_command = [
                sys.executable,
                "-m",
                "judge.cli",
                "check",
                problem.slug,
                str(problem.directory / problem.spec.reference),
            ]
            cases.append((problem, submission, bare_command, cli_command))
        timings = {p.slug: {"bare": [], "in-process": [], "cli": []} for p, *_ in cases}
        for _ in range(args.rounds):
            for problem, submission, bare_command, cli_command in cases:
                timings[problem.slug]["bare"].append(
                    timed(lambda: subprocess.run(bare_command, env=env, check=True, capture_output=True))
                )
                timings[problem.slug]["in-process"].append(timed(lambda: judge.judge(problem, submission)))
                timings[problem.slug]["cli"].append(
                    timed(lambda: subprocess.run(cli_command, check=True, capture_output=True))
                )
    print(
        f"rounds: {args.rounds}; machine: {os.cpu_count()} CPUs, {platform.platform()}; "
        f"bare interpreter: {subprocess.run([BARE_PYTHON, '--version'], capture_output=True, text=True).stdout.strip()}"
    )
    print()
    print("| problem | tests | bare | judge (in-process) | `judge check` (CLI) | in-process / bare | CLI / bare |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for problem, *_ in cases:
        m = {k: statistics.median(v) for k, v in timings[problem.slug].items()}
        print(
            f"| {problem.slug} | {len(problem.tests)} | {m['bare']:.3f} s | {m['in-process']:.3f} s | "
            f"{m['cli']:.3f} s | {m['in-process'] / m['bare']:.1f}x | {m['cli'] / m['bare']:.1f}x |"
        )


if __name__ == "__main__":
    main()
