"""Metrics for python-metric problems: pure functions of predictions and hidden labels."""

from __future__ import annotations

from dataclasses import dataclass, field


class InvalidPrediction(ValueError):
    """The prediction does not have the shape the problem asks for."""


@dataclass(frozen=True)
class MetricResult:
    value: float
    details: dict = field(default_factory=dict)


from judge.metrics import pairwise_f1  # noqa: E402 - the registry needs the types above

METRICS = {"pairwise_f1": pairwise_f1.compute}
