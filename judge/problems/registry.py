"""The problems a running service offers, loaded once at start."""

from __future__ import annotations

from pathlib import Path

from judge.errors import ProblemFormatError, ProblemNotFound
from judge.problems.loader import load_all
from judge.format.model import Problem


class ProblemRegistry:
    def __init__(self, problems: list[Problem], broken: list[ProblemFormatError] = ()):
        self._problems = {p.slug: p for p in problems}
        self.broken = list(broken)

    @classmethod
    def load(cls, problems_dir: Path) -> "ProblemRegistry":
        return cls(*load_all(problems_dir))

    def get(self, slug: str) -> Problem:
        try:
            return self._problems[slug]
        except KeyError:
            raise ProblemNotFound(slug) from None

    def all(self) -> list[Problem]:
        return sorted(self._problems.values(), key=lambda p: p.slug)
