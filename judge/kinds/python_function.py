"""python-function: call an entry point with arguments and compare its return value."""

from __future__ import annotations

import ast
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal

from pydantic import Field, model_validator

from judge.checkers import CHECKERS
from judge.checkers.check import Check
from judge.errors import FormatIssue
from judge.format.model import Assets, Problem, TestCase
from judge.format.spec import ProblemSpecBase, StrictModel
from judge.kinds import python_tests
from judge.kinds.python_tests import PythonKind
from judge.source import Source


class PythonFunctionConfig(StrictModel):
    entry: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    compare: Literal["exact", "float", "unordered", "custom"] = "exact"
    abs_tol: float = Field(1e-9, ge=0)
    rel_tol: float = Field(0.0, ge=0)
    checker: str | None = Field(None, description="a Python file with check(actual, expected, case); for compare: custom")
    generators: str | None = Field(None, description="a Python file of input generators, for arguments written "
                                                     "as {\"$generate\": {\"function\": name, \"kwargs\": {...}}}")

    @model_validator(mode="after")
    def _custom_needs_checker(self):
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


class PythonFunctionKind(PythonKind):
    name = "python-function"
    spec_model = PythonFunctionSpec
    # A test may give its expected value (shown in the public examples); without it the reference's is used.
    answer_key, answer_required, shows_expected = "expected", False, True

    def config(self, problem: Problem) -> PythonFunctionConfig:
        return problem.spec.python

    def load_assets(self, directory: Path, spec: PythonFunctionSpec, tests: list[TestCase],
                    issues: list[FormatIssue]) -> PythonFunctionAssets:
        checker = _load_checker(directory, spec.python.checker, issues) if spec.python.checker else None
        return PythonFunctionAssets(checker=checker,
                                    generators=_load_generators(directory, spec.python.generators, tests, issues))

    def needs_reference_outputs(self, problem: Problem) -> bool:
        return any(self.answer_key not in test.payload for test in problem.tests)

    def task_config(self, problem: Problem, source: Source) -> dict:
        config = super().task_config(problem, source)
        if problem.assets.generators:
            # Author code that makes inputs (never answers) inside the sandbox, so that a large input is
            # a lazy stream rather than megabytes of JSON: memory limits can then tell streaming from hoarding.
            config["python"]["generators"] = problem.assets.generators
        return config

    def grade(self, problem: Problem, test: TestCase, output, reference_output) -> Check:
        config = problem.spec.python
        expected = test.payload.get(self.answer_key, reference_output)
        if config.compare == "custom":
            check = problem.assets.checker(output, expected, test.payload)
        else:
            check = CHECKERS[config.compare](output, expected, abs_tol=config.abs_tol, rel_tol=config.rel_tol)
        if check.passed:
            return check
        feedback = {"input": python_tests.shorten({k: test.payload.get(k) for k in ("args", "kwargs") if k in test.payload}),
                    "expected": python_tests.shorten(expected), "actual": python_tests.shorten(output), **check.feedback}
        return Check(False, check.score, feedback)


def _load_generators(directory: Path, relative: str | None, tests: list[TestCase],
                     issues: list[FormatIssue]) -> str | None:
    """The generators' source, after checking that every generated argument names one of its functions."""
    wanted = sorted({(str(test.path.relative_to(directory)), str(name)) for test in tests
                     for name in python_tests.generated_functions(test.payload)})
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


def _load_checker(directory: Path, relative: str, issues: list[FormatIssue]):
    path = directory / relative
    if not path.is_file():
        issues.append(FormatIssue("problem.yaml", "python.checker", f"file {relative!r} does not exist"))
        return None
    module_spec = importlib.util.spec_from_file_location(f"judge_checker_{directory.name.replace('-', '_')}", path)
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


def _as_check(function):
    """Authors' checkers may return a bool, a score, or (score, message)."""

    def check(actual, expected, case) -> Check:
        verdict = function(actual, expected, case)
        message = ""
        if isinstance(verdict, tuple):
            verdict, message = verdict
        score = float(verdict)
        return Check(score >= 1.0, max(0.0, min(1.0, score)), {"message": message} if message else {})

    return check


KIND = PythonFunctionKind()
