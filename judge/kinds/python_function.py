"""python-function: call an entry point with arguments and compare its return value."""

from __future__ import annotations

import ast
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Literal

from pydantic import Field, model_validator

from judge.checkers import CHECKERS
from judge.checkers.check import Check
from judge.errors import FormatIssue
from judge.format.model import Assets, Problem, TestCase
from judge.format.spec import ProblemSpecBase, StrictModel
from judge.kinds import python_tests
from judge.kinds.base import TaskConfig
from judge.kinds.python_tests import PythonKind, payload_of
from judge.source import Source


class PythonFunctionConfig(StrictModel):
    entry: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    compare: Literal["exact", "float", "unordered", "custom"] = "exact"
    abs_tol: float = Field(1e-9, ge=0)
    rel_tol: float = Field(0.0, ge=0)
    checker: str | None = Field(
        None, description="a Python file with check(actual, expected, case); for compare: custom"
    )
    generators: str | None = Field(
        None,
        description="a Python file of input generators, for arguments written "
        'as {"$generate": {"function": name, "kwargs": {...}}}',
    )

    @model_validator(mode="after")
    def _custom_needs_checker(self) -> PythonFunctionConfig:
        if (self.compare == "custom") != (self.checker is not None):
            raise ValueError("give a checker file exactly when compare is custom")
        return self


class PythonFunctionSpec(ProblemSpecBase):
    kind: Literal["python-function"]
    python: PythonFunctionConfig


@dataclass(frozen=True)
class PythonFunctionAssets(Assets):
    checker: Callable[..., Check] | None = None  # the author's check(actual, expected, case), normalised
    generators: str | None = None  # the source of the author's input generators, run inside the box


class PythonFunctionKind(PythonKind["PythonFunctionSpec", "PythonFunctionAssets"]):
    name = "python-function"
    spec_model = PythonFunctionSpec
    assets_model = PythonFunctionAssets
    # A test may give its expected value (shown in the public examples); without it the reference's is used.
    answer_key, answer_required, shows_expected = "expected", False, True

    def config(self, problem: Problem) -> PythonFunctionConfig:
        return self.spec_of(problem).python

    def load_assets(
        self, directory: Path, spec: PythonFunctionSpec, tests: list[TestCase], issues: list[FormatIssue]
    ) -> PythonFunctionAssets:
        checker = _load_checker(directory, spec.python.checker, issues) if spec.python.checker else None
        return PythonFunctionAssets(
            checker=checker, generators=_load_generators(directory, spec.python.generators, tests, issues)
        )

    def needs_reference_outputs(self, problem: Problem) -> bool:
        return any(self.answer_key not in payload_of(test) for test in problem.tests)

    def task_config(self, problem: Problem, source: Source) -> TaskConfig:
        config = super().task_config(problem, source)
        generators = self.assets_of(problem).generators
        if generators:
            # Author code that makes inputs (never answers) inside the sandbox, so that a large input is
            # a lazy stream rather than megabytes of JSON: memory limits can then tell streaming from hoarding.
            config["python"]["generators"] = generators
        return config

    def grade(self, problem: Problem, test: TestCase, output: Any, reference_output: Any) -> Check:
        config = self.config(problem)
        payload = payload_of(test)
        expected = payload.get(self.answer_key, reference_output)
        checker = self.assets_of(problem).checker
        if config.compare == "custom":
            if checker is None:  # the loader refuses a custom compare without its checker
                raise ValueError(f"{problem.slug} compares with a checker it does not have")
            check = checker(output, expected, payload)
        else:
            check = CHECKERS[config.compare](output, expected, abs_tol=config.abs_tol, rel_tol=config.rel_tol)
        if check.passed:
            return check
        feedback = {
            "input": python_tests.shorten({k: payload.get(k) for k in ("args", "kwargs") if k in payload}),
            "expected": python_tests.shorten(expected),
            "actual": python_tests.shorten(output),
            **check.feedback,
        }
        return Check(False, check.score, feedback)


def _load_generators(
    directory: Path, relative: str | None, tests: list[TestCase], issues: list[FormatIssue]
) -> str | None:
    """The generators' source, after checking that every generated argument names one of its functions."""
    wanted = sorted(
        {
            (str(test.path.relative_to(directory)), str(name))
            for test in tests
            for name in python_tests.generated_functions(payload_of(test))
        }
    )
    if relative is None:
        for file, name in wanted:
            issues.append(FormatIssue(file, "args", f"generates {name!r} but problem.yaml sets no python.generators"))
        return None
    path = directory / relative
    if not path.is_file():
        issues.append(FormatIssue("problem.yaml", "python.generators", f"file {relative!r} does not exist"))
        return None
    source = path.read_text(encoding="utf-8")
    try:
        tree = ast.parse(source, relative)
    except SyntaxError as exc:
        issues.append(FormatIssue(relative, "", f"line {exc.lineno}: {exc.msg}"))
        return None
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    for file, name in wanted:
        if name not in defined:
            issues.append(FormatIssue(file, "args", f"generates {name!r}, which {relative} does not define"))
    return source


def _load_checker(directory: Path, relative: str, issues: list[FormatIssue]) -> Callable[..., Check] | None:
    path = directory / relative
    if not path.is_file():
        issues.append(FormatIssue("problem.yaml", "python.checker", f"file {relative!r} does not exist"))
        return None
    module_spec = importlib.util.spec_from_file_location(f"judge_checker_{directory.name.replace('-', '_')}", path)
    if module_spec is None or module_spec.loader is None:
        issues.append(FormatIssue(relative, "", "the checker cannot be imported"))
        return None
    module = importlib.util.module_from_spec(module_spec)
    try:
        module_spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - any fault of an author's checker is a format issue
        issues.append(FormatIssue(relative, "", f"the checker fails to import: {exc}"))
        return None
    if not callable(getattr(module, "check", None)):
        issues.append(FormatIssue(relative, "check", "the checker must define check(actual, expected, case)"))
        return None
    return _as_check(module.check)


def _as_check(function: Callable[..., Any]) -> Callable[..., Check]:
    """Authors' checkers may return a bool, a score, or (score, message)."""

    def check(actual: Any, expected: Any, case: dict[str, Any]) -> Check:
        verdict = function(actual, expected, case)
        message = ""
        if isinstance(verdict, tuple):
            verdict, message = verdict
        score = float(verdict)
        return Check(score >= 1.0, max(0.0, min(1.0, score)), {"message": message} if message else {})

    return check


KIND = PythonFunctionKind()
