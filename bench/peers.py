"""The anchor shape, judged by the project and by its peers in one run, each as a ratio to bare processes.

    python bench/peers.py [--rounds 15]

The shape peers were measured on (../shared/research/sandbox-timings.md): one Python solution, 10 tests of
200 integers each (bench/anchor/sum-integers). Timed, round by round, interleaved, medians reported:
- bare: ten fresh `/usr/bin/python3` processes (the image's interpreter build), each summing one test's
  integers from stdin; no container, no isolation. The floor, 1.0x.
- worker path: `Judge.judge` in a long-lived process, as a worker calls it: its container (a spare one, made
  ahead, when the worker keeps spares), the box, all ten tests, the report, grading, the container removed.
- worker path, no spare: the same with JUDGE_SANDBOX_SPARE off: a container created and started per run.
- `judge check`, handed to `judge resident` (judge.cli.resident): the whole command, Python's start-up
  included; a resident judge started by this benchmark takes the check, with its spare sandbox. Its log's
  count of checks is printed, so a run that fell back to checking alone would show.
- `judge check` alone (JUDGE_RESIDENT=off): the command with its imports and a container made for it.
- cold `docker run` per test: ten hardened `docker run --rm` of the sandbox image, one per test.
- DMOJ judge-server 4.1.0 (bench/dmoj_peer.py: its local judge, what `dmoj-cli` runs, long-lived in this
  process, its own ptrace sandbox on the host): the same stdin solution over the same ten tests. Left out,
  and said so, when it is not installed (scripts/setup.sh puts it in .cache/dmoj) or cannot run here.
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
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from judge.core import Judge  # noqa: E402
from judge.problems.loader import load_problem  # noqa: E402
from judge.settings import Settings  # noqa: E402
from judge.source import Source  # noqa: E402

ANCHOR = REPO / "bench" / "anchor" / "sum-integers"
BARE_PYTHON = "/usr/bin/python3"
STDIN_SOLUTION = "import sys\nprint(sum(map(int, sys.stdin.read().split())))\n"
HARDENING = [
    "--network", "none", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
    "--pids-limit", "64", "--memory", "192m", "--user", "10001:10001", "--tmpfs", "/tmp:size=16m",
]  # fmt: skip


def inputs() -> list[str]:
    """Each test's integers as text, one per line: what the bare and `docker run` rows read on stdin."""
    return [
        "\n".join(map(str, json.loads(p.read_text())["args"][0])) + "\n"
        for p in sorted((ANCHOR / "data" / "tests").glob("*.json"))
    ]


def bare(texts: list[str]) -> None:
    for text in texts:
        subprocess.run([BARE_PYTHON, "-c", STDIN_SOLUTION], input=text, text=True, check=True, capture_output=True)


def cold_docker(texts: list[str], image: str) -> None:
    for text in texts:
        subprocess.run(
            [
                "docker",
                "run",
                "--rm",
                "-i",
                *HARDENING,
                "--entrypoint",
                "/usr/bin/python3",
                image,
                "-c",
                STDIN_SOLUTION,
            ],
            input=text,
            text=True,
            check=True,
            capture_output=True,
        )


def worker_path(judge: Judge) -> Callable[[], None]:
    problem = load_problem(ANCHOR)
    source = Source((ANCHOR / "solutions" / "reference.py").read_text(), "python")

    def run() -> None:
        verdict = judge.judge(problem, source).verdict.value
        if verdict != "accepted":
            raise SystemExit(f"the worker path said {verdict}")

    return run


def cli(env: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "judge.cli",
                "check",
                str(ANCHOR),
                str(ANCHOR / "solutions" / "reference.py"),
                "--json",
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        if json.loads(done.stdout)["verdict"] != "accepted":
            raise SystemExit(f"judge check failed: {done.stderr[-2000:]}")

    return run


def resident(workdir: Path) -> tuple[dict[str, str], subprocess.Popen, Path]:
    """A resident judge of this benchmark's own, and the environment that hands checks to it."""
    env = {**os.environ, "JUDGE_RESIDENT_SOCKET": str(workdir / "resident" / "resident.sock")}
    log = workdir / "resident.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "judge.cli", "resident"], env=env, stdout=out, stderr=out)
    for _ in range(600):
        if (workdir / "resident" / "resident.sock").exists():
            return env, process, log
        time.sleep(0.1)
    raise SystemExit(f"judge resident did not start: {log.read_text()[-2000:]}")


def dmoj(texts: list[str], workdir: Path) -> tuple[Callable[[], None], Callable[[], None]] | str:
    """A DMOJ judge run of the same solution and tests (and how to stop it), or why there is none."""
    sys.path.insert(0, str(REPO / "bench"))
    from dmoj_peer import DmojPeer, importable

    if not importable():
        return "not installed (scripts/setup.sh installs it in .cache/dmoj)"
    try:
        peer = DmojPeer(workdir, STDIN_SOLUTION, texts, [str(sum(map(int, t.split()))) for t in texts])
        peer.run()  # once, to see it works here
    except Exception as exc:  # noqa: BLE001 - any failure to run it is reported instead of a row
        return f"could not run here: {type(exc).__name__}: {exc}"[:300]
    return peer.run, peer.close


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    texts = inputs()
    settings = Settings()
    spare_judge = Judge(settings.model_copy(update={"sandbox": settings.sandbox.model_copy(update={"spare": True})}))
    cold_judge = Judge(settings.model_copy(update={"sandbox": settings.sandbox.model_copy(update={"spare": False})}))
    with tempfile.TemporaryDirectory() as tmp:
        resident_env, resident_process, resident_log = resident(Path(tmp))
        rows: dict[str, Callable[[], None]] = {
            "bare: ten `/usr/bin/python3` processes": lambda: bare(texts),
            "the worker path (`Judge.judge`, a spare container)": worker_path(spare_judge),
            "the worker path, no spare (a container created and started per run)": worker_path(cold_judge),
            "`judge check`, handed to `judge resident` (the command's start-up included)": cli(resident_env),
            "`judge check` alone (JUDGE_RESIDENT=off: imports and a container of its own)": cli(
                {**os.environ, "JUDGE_RESIDENT": "off"}
            ),
            "a cold hardened `docker run --rm` per test": lambda: cold_docker(texts, settings.sandbox.image),
        }
        missing, stop = {}, None
        found = dmoj(texts, Path(tmp))
        if isinstance(found, str):
            missing["DMOJ judge-server 4.1.0"] = found
        else:
            rows["DMOJ judge-server 4.1.0 (its local judge, ptrace sandbox on the host)"], stop = found
        for run in rows.values():
            run()  # warm: reference outputs, images, spares, the page cache
        times: dict[str, list[float]] = {name: [] for name in rows}
        for _ in range(args.rounds):
            for name, run in rows.items():
                start = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - start)
        if stop is not None:
            stop()
        resident_process.terminate()
        resident_process.wait(timeout=60)
        handed = sum(line.startswith("checked ") for line in resident_log.read_text().splitlines())
    spare_judge.close()
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians[next(iter(rows))]
    print(f"{ANCHOR.name}: 10 tests of 200 integers; median of {args.rounds} interleaved rounds; "
          f"{os.cpu_count()} CPUs; {platform.platform()}")  # fmt: skip
    print()
    print("| how it is judged | median | vs bare |")
    print("|---|---:|---:|")
    for name, median in medians.items():
        print(f"| {name} | {median:.3f} s | {median / floor:.1f}x |")
    for name, why in missing.items():
        print(f"| {name} | {why} | |")
    print()
    print(f"checks the resident judge took: {handed} of {args.rounds + 1}")


if __name__ == "__main__":
    main()
