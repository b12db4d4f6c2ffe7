"""What every problem kind provides. One module per kind implements it."""


from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from judge.checkers.check import Check
from judge.errors import FormatIssue
from judge.problems.model import Problem, TestCase
from judge.problems.spec import ProblemSpecBase


@dataclass(frozen=True)
class Submission:
    source: str
    language: str
    dialect: str | None = None


class Kind(Protocol):
    name: str
    language: str
    spec_model: type[ProblemSpecBase]
    source_suffix: str

    def load(self, directory: Path, spec: Any, issues: list[FormatIssue]) -> tuple[list[TestCase], dict]:
        """Read the tests and whatever else the kind needs, adding an issue for every fault."""

    def dialects(self, problem: Problem) -> list[str]: ...

    def reference_dialect(self, problem: Problem) -> str | None: ...

    def entry_point(self, problem: Problem) -> str | None:
        """The function a Python submission defines; None where there is none."""

    def needs_reference_outputs(self, problem: Problem) -> bool: ...

    def task_config(self, problem: Problem, submission: Submission) -> dict:
        """The kind's part of the runner's task.json."""

    def input_files(self, test: TestCase) -> dict[str, bytes]:
        """A test's input files, by name inside its box directory. Never the answers."""

    def grade(self, problem: Problem, test: TestCase, output: Any, reference_output: Any) -> Check: ...
