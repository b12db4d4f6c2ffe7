"""The problems a service offers: what the API and the workers ask of a bank, and a bank read from a directory.

A running service uses judge.service.bank.ProblemBank (versions in the database); DirectoryRegistry serves tools
and tests that judge straight from a directory, where the only version of a problem is the one on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Protocol

from judge.errors import ProblemFormatError, ProblemNotFound
from judge.format.model import Problem
from judge.problems.loader import load_all


class Problems(Protocol):
    def get(self, slug: str) -> Problem:
        """The version new submissions get; ProblemNotFound if there is none."""

    def all(self) -> list[Problem]:
        """Every problem offered, at the version new submissions get, by slug."""

    def at(self, slug: str, version: str) -> Problem:
        """The problem as it was at this version; ProblemNotFound if that version is unknown."""

    def references(self, slug: str, version: str) -> list[Any] | None | Literal["derive"]:
        """The reference outputs of that version, for Judge.judge: stored ones, None, or "derive"."""


class DirectoryRegistry:
    def __init__(self, problems: list[Problem], broken: list[ProblemFormatError] = ()):
        self._problems = {p.slug: p for p in problems}
        self.broken = list(broken)

    @classmethod
    def load(cls, problems_dir: Path) -> "DirectoryRegistry":
        return cls(*load_all(problems_dir))

    def get(self, slug: str) -> Problem:
        try:
            return self._problems[slug]
        except KeyError:
            raise ProblemNotFound(slug) from None

    def all(self) -> list[Problem]:
        return sorted(self._problems.values(), key=lambda p: p.slug)

    def at(self, slug: str, version: str) -> Problem:
        problem = self.get(slug)
        if problem.version != version:
            raise ProblemNotFound(f"{slug} (version {version[:12]}; the directory holds {problem.version[:12]})")
        return problem

    def references(self, slug: str, version: str) -> Literal["derive"]:
        """A directory stores no outputs: the judge derives them from the reference (and keeps them)."""
        return "derive"
