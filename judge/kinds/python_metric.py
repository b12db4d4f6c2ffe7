"""python-metric: the submission predicts; a metric scores it against hidden labels outside the sandbox."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from judge.checkers.check import Check
from judge.kinds.python_tests import PythonKind, payload_of
from judge.metrics import METRICS, InvalidPrediction
from judge.format.model import Assets, Problem, TestCase
from judge.format.spec import ProblemSpecBase, StrictModel


class MetricConfig(StrictModel):
    entry: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    name: str
    threshold: float = Field(gt=0, description="a dataset passes when the metric reaches this value")
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _known_metric(cls, name: str) -> str:
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r}; one of {', '.join(sorted(METRICS))}")
        return name


class PythonMetricSpec(ProblemSpecBase):
    kind: Literal["python-metric"]
    metric: MetricConfig


class PythonMetricKind(PythonKind["PythonMetricSpec", Assets]):
    name = "python-metric"
    spec_model = PythonMetricSpec
    # The labels are what the metric scores against: they stay out of the box, and out of the examples.
    answer_key, answer_required, shows_expected = "labels", True, False

    def config(self, problem: Problem) -> MetricConfig:
        return self.spec_of(problem).metric

    def grade(self, problem: Problem, test: TestCase, output: Any, reference_output: Any) -> Check:
        config = self.config(problem)
        try:
            result = METRICS[config.name](output, payload_of(test)["labels"], **config.params)
        except InvalidPrediction as exc:
            return Check(False, 0.0, {"message": str(exc)})
        feedback = {
            "metric": config.name,
            "value": round(result.value, 6),
            "threshold": config.threshold,
            **result.details,
        }
        figures = {k: float(v) for k, v in feedback.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        if result.value >= config.threshold:
            return Check(True, 1.0, feedback, figures)
        return Check(False, max(0.0, min(1.0, result.value / config.threshold)), feedback, figures)


KIND = PythonMetricKind()
