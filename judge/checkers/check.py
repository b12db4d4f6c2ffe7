"""The result every checker returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Check:
    """A checker's judgement of one test's output."""

    passed: bool
    score: float  # 0..1
    feedback: dict = field(default_factory=dict)  # shown for public tests only
    metrics: dict = field(default_factory=dict)  # a metric's figures: kept for hidden tests too, for staff
