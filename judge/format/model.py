"""A problem as loaded from its directory: the internal model, apart from the versioned problem.yaml schema."""

from __future__ import annotations

from functools import cached_property
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judge.format.content import tree_hash
from judge.format.spec import GroupSpec, ProblemSpecBase
from judge.verdicts import Visibility

if TYPE_CHECKING:  # a kind is given a Problem, and a Problem holds its kind: the reference upward is a type only
    from judge.kinds.base import Kind


@dataclass(frozen=True)
class TestCase:
    name: str  # "<group>/<case>"
    group: str
    visibility: Visibility
    path: Path  # a JSON file (Python kinds) or a directory of CSV tables (SQL)
    payload: dict[str, Any] | None = None  # the parsed JSON of Python kinds, with its answer keys


@dataclass(frozen=True)
class Assets:
    """What a kind loads for its problems beyond the spec and the tests; each kind subclasses it."""


@dataclass(frozen=True)
class Problem:
    directory: Path
    spec: ProblemSpecBase
    kind: Kind[Any, Any]
    tests: tuple[TestCase, ...]
    statement: str
    assets: Assets = Assets()

    @property
    def slug(self) -> str:
        return self.spec.slug

    @property
    def languages(self) -> list[str]:
        return self.spec.languages or [self.kind.language]

    def dialects(self) -> list[str]:
        return self.kind.dialects(self)

    def groups(self) -> list[GroupSpec]:
        return self.spec.scoring.groups

    @cached_property
    def version(self) -> str:
        """The content hash of its directory: what a submission records, and what caches are keyed by."""
        return tree_hash(self.directory)
