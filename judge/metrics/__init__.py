"""Metrics for python-metric problems: pure functions of predictions and hidden labels.

Every module in this package that defines ``compute(prediction, labels, **params) -> MetricResult``
is a metric named after the module: adding a metric is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field


class InvalidPrediction(ValueError):
    """The prediction does not have the shape the problem asks for."""


@dataclass(frozen=True)
class MetricResult:
    value: float
    details: dict = field(default_factory=dict)


def _discover() -> dict:
    metrics = {}
    for module in pkgutil.iter_modules(__path__):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        if callable(getattr(loaded, "compute", None)):
            metrics[module.name] = loaded.compute
    return metrics


METRICS = _discover()  # after the types above, which the modules import
