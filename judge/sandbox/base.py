"""The seam between the judge and whatever runs a submission: `Sandbox`.

`judge.core.Judge` is given one. `DockerSandbox` (judge.sandbox.docker_sandbox) is the real one: a fresh,
locked-down container per job. `FakeSandbox` (judge.sandbox.fake) runs the same runner code in-process,
unconfined, for tests that are about something other than isolation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from judge.sandbox.job import SandboxJob
from judge.sandbox.report import RunEvent, RunReport

OnRunEvent = Callable[[RunEvent], None]


class Sandbox(Protocol):
    def run(self, job: SandboxJob, on_event: OnRunEvent | None = None) -> RunReport:
        """Run the job; each event is given to on_event as soon as the runner writes it."""
        ...

    def worst_case_s(self, job: SandboxJob) -> float:
        """The longest the job can hold a worker."""
        ...

    def fingerprint(self) -> str:
        """What identifies the runner: cached reference outputs are keyed by it."""
        ...

    def reap_job(self, label: str) -> None:
        """Remove what is left of the job of this label (a worker that died while judging it)."""
        ...

    def reap_owner(self, owner: str) -> None:
        """Remove every container of one judge process ("host:pid"), a spare's included."""
        ...

    def reap_orphans(self) -> None:
        """Remove what judges of this host that died left behind."""
        ...

    def close(self) -> None:
        """Remove what is kept ahead (a spare); later runs make their own."""
        ...

    def discard_spare(self) -> None:
        """Remove the spare kept ahead, if any; the next run makes a fresh one."""
        ...
