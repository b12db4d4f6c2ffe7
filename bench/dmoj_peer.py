"""DMOJ's judge-server as a peer of bench/peers.py: its own local judge (what `dmoj-cli` runs), in this process,
long-lived, grading one submission at a time in its ptrace sandbox on the host.

DMOJ is installed apart from the project (scripts/setup.sh: `pip install --target .cache/dmoj dmoj==4.1.0`, with
Debian's libseccomp-dev to build it), since it pins its own packages; its directory goes on sys.path here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
INSTALLED = REPO / ".cache" / "dmoj"


def importable() -> bool:
    if str(INSTALLED) not in sys.path and INSTALLED.is_dir():
        sys.path.append(str(INSTALLED))
    try:
        import dmoj  # noqa: F401
    except ImportError:
        return False
    return True


class DmojPeer:
    """A problem of DMOJ's format (init.yml and the tests' .in and .out files) and a local judge that grades
    the solution on it; run() grades it once and checks every test was accepted."""

    def __init__(self, workdir: Path, solution: str, inputs: list[str], outputs: list[str]):
        problem = workdir / "problems" / "anchor"
        problem.mkdir(parents=True)
        cases = []
        for number, (given, expected) in enumerate(zip(inputs, outputs), start=1):
            (problem / f"{number:02d}.in").write_text(given)
            (problem / f"{number:02d}.out").write_text(expected + "\n")
            cases.append(f"  - {{in: {number:02d}.in, out: {number:02d}.out, points: 1}}")
        (problem / "init.yml").write_text("test_cases:\n" + "\n".join(cases) + "\n")
        config = workdir / "judge.yml"
        config.write_text(
            f"id: bench\nkey: bench\nproblem_storage_globs:\n  - {workdir}/problems/*\n"
            "runtime:\n  python3: /usr/bin/python3\n"
        )
        self.solution, self.tests = solution, len(inputs)
        self.judge, self.results = self._local_judge(config)
        self.counter = 0

    @staticmethod
    def _local_judge(config: Path) -> tuple[Any, list[Any]]:
        from dmoj import executors, judgeenv
        from dmoj.cli import LocalJudge, LocalPacketManager

        results: list[Any] = []

        class Recording(LocalPacketManager):  # type: ignore[misc]
            def test_case_status_packet(self, position: int, result: Any) -> None:
                results.append(result)

        argv = sys.argv
        sys.argv = ["dmoj-cli", "-c", str(config)]
        try:
            judgeenv.load_env(cli=True)
        finally:
            sys.argv = argv
        executors.load_executors()
        judge = LocalJudge()
        judge.packet_manager = Recording(judge)
        return judge, results

    def run(self) -> None:
        from dmoj.judge import Submission
        from dmoj.result import Result

        self.counter += 1
        self.results.clear()
        submission = Submission(self.counter, "anchor", "PY3", self.solution, 2.0, 65536, False, {})
        self.judge.begin_grading(submission, blocking=True, report=lambda *_: None)
        verdicts = [r.result_flag for r in self.results]
        if len(verdicts) != self.tests or any(flag != Result.AC for flag in verdicts):
            raise RuntimeError(f"DMOJ did not accept every test: {verdicts}")

    def close(self) -> None:
        self.judge.murder()
