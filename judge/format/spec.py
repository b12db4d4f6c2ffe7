"""The problem.yaml schema, format judge/1: the versioned input model. Unknown keys are errors everywhere."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from judge.verdicts import Verdict, Visibility

FORMAT = "judge/1"
NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


WALL_FACTOR = 3  # wall time a test may take, in multiples of its CPU time, unless a problem says otherwise


class Limits(StrictModel):
    """A problem's limits per test: in problem.yaml, in the API's problem detail, and in the sandbox's task."""

    time_s: float = Field(2.0, gt=0, le=60, description="CPU time per test")
    wall_s: float | None = Field(
        None,
        gt=0,
        le=180,
        description="wall time per test (a program that waits rather than computes); 3 x time_s when unset",
    )
    memory_mb: int = Field(256, ge=64, le=8192)
    output_kb: int = Field(1024, ge=1, le=65536, description="printed output and returned result, per test")

    @model_validator(mode="after")
    def _wall_covers_cpu(self) -> Limits:
        if self.wall_s is not None and self.wall_s < self.time_s:
            raise ValueError(f"wall_s ({self.wall_s:g}) must be at least time_s ({self.time_s:g})")
        return self

    @property
    def effective_wall_s(self) -> float:
        """A test is stopped at time_s of CPU time, or at this much wall time (waiting, sleeping)."""
        return self.wall_s if self.wall_s is not None else WALL_FACTOR * self.time_s

    def resolved(self) -> Limits:
        """The same limits with the wall time filled in: what is enforced, and what candidates are shown."""
        return self.model_copy(update={"wall_s": self.effective_wall_s})

    @property
    def output_bytes(self) -> int:
        return self.output_kb * 1024


class GroupSpec(StrictModel):
    name: str = Field(pattern=NAME_PATTERN)
    visibility: Visibility
    weight: float = Field(ge=0)
    partial: bool = Field(False, description="credit in proportion to the tests passed, not all or nothing")
    performance: bool = Field(False, description="exists to bound time and memory; need not catch a wrong answer")


class Scoring(StrictModel):
    groups: list[GroupSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _groups_make_sense(self) -> Scoring:
        names = [g.name for g in self.groups]
        if len(names) != len(set(names)):
            raise ValueError("group names must be unique")
        if sum(g.weight for g in self.groups) <= 0:
            raise ValueError("at least one group needs a positive weight")
        return self


class SolutionSpec(StrictModel):
    file: str
    expect: Verdict
    groups: dict[str, Verdict] = Field(default_factory=dict, description="the verdict each named group must get")
    dialect: str | None = None
    note: str = ""
    breaks: list[str] = Field(
        default_factory=list, description="the ids of the rules (rules:) this wrong solution breaks, on purpose"
    )

    @field_validator("expect")
    @classmethod
    def _no_internal_error(cls, verdict: Verdict) -> Verdict:
        if verdict is Verdict.INTERNAL_ERROR:
            raise ValueError("a solution cannot be expected to cause an internal error")
        return verdict


class RuleSpec(StrictModel):
    """One rule the statement states, and the hidden tests that fail a solution that breaks it.

    Mutants are small slips of the reference; a rule is what a careful candidate reads in the statement. A rule
    is covered when a declared wrong solution breaks exactly it and fails one of its tests (judge problems verify).
    """

    id: str = Field(pattern=NAME_PATTERN)
    text: str = Field(min_length=1, description="the rule, as the statement states it (one line)")
    tests: list[str] = Field(
        min_length=1, description="tests (group/case) that fail a solution breaking the rule; one hidden at least"
    )

    @field_validator("text")
    @classmethod
    def _one_line(cls, text: str) -> str:
        if not text.strip() or "\n" in text.strip():
            raise ValueError("state the rule on one line")
        return text.strip()


class MutantsSpec(StrictModel):
    """What mutation testing (judge problems mutate) is told about the reference's mutants."""

    equivalent: dict[str, str] = Field(
        default_factory=dict, description="mutant id -> why it cannot be told apart from the reference (one line)"
    )

    @field_validator("equivalent")
    @classmethod
    def _reasons(cls, equivalent: dict[str, str]) -> dict[str, str]:
        for mutant, reason in equivalent.items():
            if not reason.strip() or "\n" in reason.strip():
                raise ValueError(f"{mutant}: give the reason it is equivalent, on one line")
        return equivalent


class ProblemSpecBase(StrictModel):
    format: Literal["judge/1"]
    slug: str = Field(pattern=NAME_PATTERN)
    title: str = Field(min_length=1)
    difficulty: Literal["easy", "medium", "hard"]
    tags: list[str] = Field(default_factory=list)
    languages: list[str] | None = None
    statement: str = "statement.md"
    starter: str | None = None
    variants: str | None = Field(
        None,
        description="a Python file with vary(payload, seed, group): each hidden test's data as one candidate's variant "
        "(judge.problems.variants); for the Python kinds",
    )
    limits: Limits = Field(default_factory=Limits)
    scoring: Scoring
    reference: str
    solutions: list[SolutionSpec] = Field(min_length=1)
    mutants: MutantsSpec = Field(default_factory=MutantsSpec)
    rules: list[RuleSpec] = Field(default_factory=list, description="the rules the statement states (rule coverage)")
