"""python-metric: the submission predicts; a metric scores it against hidden labels outside the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from judge.errors import FormatIssue
from judge.kinds import python_tests
from judge.kinds.base import Check, Submission
from judge.metrics import METRICS, InvalidPrediction
from judge.problems.model import Problem, TestCase
from judge.problems.spec import ProblemSpecBase, StrictModel


class MetricConfig(StrictModel):
    entry: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    name: str
    threshold: float = Field(gt=0, description="a dataset passes when the metric reaches this value")
    params: dict = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _known_metric(cls, name: str) -> str:
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r}; one of {', '.join(sorted(METRICS))}")
        return name


class PythonMetricSpec(ProblemSpecBase):
    kind: Literal["python-metric"]
    metric: MetricConfig


class PythonMetricKind:
    name = "python-metric"
    language = "python"
    spec_model = PythonMetricSpec
    source_suffix = ".py"

    def load(self, directory: Path, spec: PythonMetricSpec, issues: list[FormatIssue]):
        return python_tests.load_json_tests(directory, spec, issues, "labels", answer_required=True), {}

    def dialects(self, problem: Problem) -> list[str]:
        return []

    def reference_dialect(self, problem: Problem) -> str | None:
        return None

    def entry_point(self, problem: Problem) -> str | None:
        return problem.spec.metric.entry

    def needs_reference_outputs(self, problem: Problem) -> bool:
        return False

    def task_config(self, problem: Problem, submission: Submission) -> dict:
        return {"python": {"entry": self.entry_point(problem)}}

    def input_files(self, test: TestCase) -> dict[str, bytes]:
        return python_tests.input_files(test)

    def grade(self, problem: Problem, test: TestCase, output, reference_output) -> Check:
        config = problem.spec.metric
        try:
            result = METRICS[config.name](output, test.payload["labels"], **config.params)
        except InvalidPrediction as exc:
            return Check(False, 0.0, {"message": str(exc)})
        feedback = {"metric": config.name, "value": round(result.value, 6), "threshold": config.threshold,
                    **result.details}
        if result.value >= config.threshold:
            return Check(True, 1.0, feedback)
        return Check(False, max(0.0, min(1.0, result.value / config.threshold)), feedback)


KIND = PythonMetricKind()
