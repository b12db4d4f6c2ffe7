"""What every problem kind does, with defaults. A kind is a few lines of data over this class.

In the manner of DMOJ's executors: a leaf declares its name, language, spec model and answer key, and
overrides only where it differs; the behaviour lives here and in the two family bases (Python kinds in
judge.kinds.python_tests, SQL in judge.kinds.sql). Callers ask the kind, never its name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar, cast

from judge.checkers.check import Check
from judge.errors import FormatIssue
from judge.format.model import Assets, Problem, TestCase
from judge.format.spec import ProblemSpecBase
from judge.source import Source
from judge.verdicts import CompileDiagnostic


SpecT = TypeVar("SpecT", bound=ProblemSpecBase)
AssetsT = TypeVar("AssetsT", bound=Assets)
TaskConfig = dict[str, Any]  # the kind's part of judgebox.protocol.Task


@dataclass(frozen=True)
class ParseJob:
    function: Callable[..., CompileDiagnostic | None]
    args: tuple[Any, ...]


class Kind(Generic[SpecT, AssetsT]):
    """A kind over its spec model (SpecT) and what it loads besides (AssetsT): `spec_of` and `assets_of` give
    a problem's, typed, so that a kind never reaches into another kind's fields."""

    name: ClassVar[str]
    language: ClassVar[str]  # a key of judgebox.protocol.LANGUAGES
    spec_model: ClassVar[type[ProblemSpecBase]]
    assets_model: ClassVar[type[Assets]] = Assets

    def spec_of(self, problem: Problem) -> SpecT:
        if not isinstance(problem.spec, self.spec_model):
            raise TypeError(f"{problem.slug} is not a {self.name} problem")
        return cast(SpecT, problem.spec)

    def assets_of(self, problem: Problem) -> AssetsT:
        if not isinstance(problem.assets, self.assets_model):
            raise TypeError(f"{problem.slug} has no {self.name} assets")
        return cast(AssetsT, problem.assets)

    def load(self, directory: Path, spec: Any, issues: list[FormatIssue]) -> tuple[list[TestCase], Assets]:
        """Read the tests and whatever else the kind needs, adding an issue for every fault."""
        raise NotImplementedError

    def dialects(self, problem: Problem) -> list[str]:
        return []

    def reference_dialect(self, problem: Problem) -> str | None:
        return None

    def entry_point(self, problem: Problem) -> str | None:
        """The function a Python submission defines; None where there is none."""
        return None

    def needs_reference_outputs(self, problem: Problem) -> bool:
        """Whether expected outputs come from running the reference (some tests do not give them)."""
        return False

    def task_config(self, problem: Problem, source: Source) -> TaskConfig:
        """The kind's part of the runner's task (judgebox.protocol.Task)."""
        return {}

    def input_files(self, test: TestCase) -> dict[str, bytes]:
        """A test's input files, by name inside its box directory. Never the answers."""
        raise NotImplementedError

    def grade(self, problem: Problem, test: TestCase, output: Any, reference_output: Any) -> Check:
        raise NotImplementedError

    def example(self, problem: Problem, test: TestCase) -> dict[str, Any]:
        """A public test as candidates see it (the API's examples, the rendered statement)."""
        raise NotImplementedError

    def parse_job(self, problem: Problem, source: Source) -> ParseJob | None:
        """The check of what is wrong with the source before anything runs, as the sandbox would say it: a
        module-level function and its arguments, all picklable, so that the service runs it in another process
        with a deadline (judge.service.parse_check); None if the kind has no such check.

        Parsing only: it never runs the source (a parser's recursion limit is a compile error, not a crash).
        A valid source can still cost a parser many seconds, which is why it is not run in the API's process."""
        return None

    def syntax_error(self, problem: Problem, source: Source) -> CompileDiagnostic | None:
        """parse_job, run here and now, without a deadline: for tools, not for the service."""
        job = self.parse_job(problem, source)
        return job.function(*job.args) if job is not None else None

    def tables(self, problem: Problem) -> dict[str, dict[str, str]]:
        """The tables a query reads, table -> column -> type; none for kinds that read no tables."""
        return {}
