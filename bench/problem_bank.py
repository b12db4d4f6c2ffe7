"""What problems as versioned data cost: publishing the bank, fetching a version, and judging mutants.

    python bench/problem_bank.py [--rounds 5] [--mutants 20]

For the repository's bank (problems/), the median over rounds of:
- first sync: hashing, packing, unpacking, loading and storing every problem in a fresh SQLite database,
  which a new deployment's API pays once;
- unchanged sync: the same directory again, which every API start pays (only hashing);
- cold fetch: a process with an empty cache gets every published problem (reading, unpacking, loading),
  which a new worker host pays once per version.
Then the judging of `--mutants` mutants of one Python and one SQL problem, per mutant (one container each).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from judge.db.session import make_engine, make_sessionmaker, upgrade  # noqa: E402
from judge.service.bank import ProblemBank, sync  # noqa: E402


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bank_rounds(rounds: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"first sync": [], "unchanged sync": [], "cold fetch of every problem": []}
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as scratch:
            url = f"sqlite:///{scratch}/bench.db"
            upgrade(url)
            sessions = make_sessionmaker(make_engine(url))
            figures["first sync"].append(timed(lambda: sync(sessions, REPO / "problems")))
            figures["unchanged sync"].append(timed(lambda: sync(sessions, REPO / "problems")))
            bank = ProblemBank(sessions, Path(scratch) / "cache")
            figures["cold fetch of every problem"].append(timed(bank.all))
    return figures


def mutant_seconds(slug: str, count: int) -> float:
    from judge.core import Judge
    from judge.mutation.run import mutate
    from judge.problems.loader import load_problem
    from judge.settings import Settings

    judge, problem = Judge(Settings()), load_problem(REPO / "problems" / slug)
    judge.judge(problem, judge.accept(problem, (problem.directory / problem.spec.reference).read_text()))  # warm
    report = None

    def run():
        nonlocal report
        report = mutate(judge, problem, limit=count)

    return timed(run) / len(report.outcomes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--mutants", type=int, default=20)
    args = parser.parse_args()
    print("| step | median |\n|---|---:|")
    for step, values in bank_rounds(args.rounds).items():
        print(f"| {step} | {statistics.median(values) * 1000:.0f} ms |")
    for slug in ("recsys-metrics", "third-unique-song"):
        print(f"| judging a mutant of {slug} | {mutant_seconds(slug, args.mutants) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
