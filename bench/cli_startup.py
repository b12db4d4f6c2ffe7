"""What starting the `judge` command costs: module imports and the whole process, for `--help` and `check`.

    python bench/cli_startup.py [--rounds 15]

For each command, the median over rounds of:
- imports: the sum of `python -X importtime`'s top-level cumulative times, i.e. every module the command loads;
- process: the wall time of the whole command, interpreter start included (for `check`, judging included).
`check` judges a Python problem's reference (its reference outputs cached by a first, untimed run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROBLEM = "ndcg-at-k"
COMMANDS = {
    "judge --help": ["--help"],
    "judge check (python problem)": ["check", PROBLEM, str(REPO / "problems" / PROBLEM / "solutions" / "reference.py")],
}


def import_ms(stderr: str) -> float:
    """The sum of the top-level imports' cumulative times, in ms."""
    total = 0
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (part.rstrip() for part in line.removeprefix("import time:").split("|"))
        if not name.startswith("  "):  # one space after the bar, and no more: imported by the program itself
            total += int(cumulative)
    return total / 1000


def measure(arguments: list[str], env: dict) -> tuple[float, float]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "judge.cli", *arguments],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = (time.perf_counter() - start) * 1000
    if done.returncode not in (0, 1):
        raise SystemExit(f"{arguments} failed: {done.stderr[-2000:]}")
    return import_ms(done.stderr), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "JUDGE_CACHE_DIR": cache, "COLUMNS": "120"}
        measure(COMMANDS["judge check (python problem)"], env)  # warms the reference cache and the page cache
        print("| command | imports (median) | whole process (median) |")
        print("|---|---:|---:|")
        for name, arguments in COMMANDS.items():
            samples = [measure(arguments, env) for _ in range(args.rounds)]
            imports = statistics.median(s[0] for s in samples)
            wall = statistics.median(s[1] for s in samples)
            print(f"| `{name}` | {imports:.0f} ms | {wall:.0f} ms |")


if __name__ == "__main__":
    main()
