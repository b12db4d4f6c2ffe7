"""The Python kinds' family: one JSON file per test, holding the arguments and the answer, and what they share."""

from __future__ import annotations

import ast
import gzip
import json
from pathlib import Path
from typing import Any, ClassVar

from judge.errors import FormatIssue
from judge.format.model import Assets, Problem, TestCase
from judge.kinds.base import AssetsT, Kind, ParseJob, SpecT, TaskConfig
from judge.format.spec import ProblemSpecBase
from judge.source import Source
from judge.verdicts import CompileDiagnostic

INPUT_KEYS = ("args", "kwargs")
SOLUTION_FILENAME = "solution.py"  # as the sandbox names it in tracebacks
SUFFIXES = (".json", ".json.gz")


def read_json(path: Path) -> Any:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def payload_of(test: TestCase) -> dict[str, Any]:
    """A Python kind's test file, parsed (every test of these kinds has one)."""
    if test.payload is None:
        raise ValueError(f"{test.name} has no test file")
    return test.payload


def load_json_tests(
    directory: Path, spec: ProblemSpecBase, issues: list[FormatIssue], answer_key: str, answer_required: bool
) -> list[TestCase]:
    tests = []
    for group in spec.scoring.groups:
        group_dir = directory / "data" / group.name
        if not group_dir.is_dir():
            continue
        for path in sorted(group_dir.iterdir()):
            relative = str(path.relative_to(directory))
            suffix = next((s for s in SUFFIXES if path.name.endswith(s)), None)
            if suffix is None or not path.is_file():
                issues.append(FormatIssue(relative, "", "tests of this kind are .json or .json.gz files"))
                continue
            payload = _read_payload(path, relative, issues, answer_key, answer_required)
            if payload is not None:
                name = f"{group.name}/{path.name[: -len(suffix)]}"
                tests.append(TestCase(name, group.name, group.visibility, path, payload))
    return tests


def _read_payload(
    path: Path, relative: str, issues: list[FormatIssue], answer_key: str, answer_required: bool
) -> dict[str, Any] | None:
    try:
        payload = read_json(path)
    except (OSError, ValueError) as exc:
        issues.append(FormatIssue(relative, "", f"not valid JSON: {exc}"))
        return None
    before = len(issues)
    if not isinstance(payload, dict):
        issues.append(FormatIssue(relative, "", "must be a JSON object with 'args'"))
        return None
    for key in sorted(set(payload) - {*INPUT_KEYS, answer_key}):
        issues.append(FormatIssue(relative, key, "unknown key"))
    if not isinstance(payload.get("args"), list):
        issues.append(FormatIssue(relative, "args", "required, a list of positional arguments"))
    if not isinstance(payload.get("kwargs", {}), dict):
        issues.append(FormatIssue(relative, "kwargs", "must be an object of keyword arguments"))
    if answer_required and answer_key not in payload:
        issues.append(FormatIssue(relative, answer_key, "required"))
    return payload if len(issues) == before else None


GENERATE = "$generate"


def generated_functions(payload: dict[str, Any]) -> list[str]:
    """Names of the generator functions a test's arguments call: {"$generate": {"function": f, "kwargs": {...}}}."""
    values = list(payload.get("args", [])) + list(payload.get("kwargs", {}).values())
    return [
        v[GENERATE].get("function")
        for v in values
        if isinstance(v, dict) and set(v) == {GENERATE} and isinstance(v[GENERATE], dict)
    ]


def input_files(test: TestCase) -> dict[str, bytes]:
    """Only the arguments enter the sandbox; the answer key is left out."""
    payload = payload_of(test)
    inputs = {key: payload[key] for key in INPUT_KEYS if key in payload}
    return {"input.json": json.dumps(inputs).encode()}


def shorten(value: Any, limit: int = 2000) -> str:
    text = json.dumps(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class PythonKind(Kind[SpecT, AssetsT]):
    """Python kinds: a function named by the spec is called with each test's arguments."""

    language = "python"
    answer_key: ClassVar[str]  # the key of a test file that holds what is compared, kept out of the box
    answer_required: ClassVar[bool]  # whether every test must give it
    shows_expected: ClassVar[bool]  # whether candidates see it in the public examples

    def config(self, problem: Problem) -> Any:
        """The spec's section that names the entry point (it has `entry`)."""
        raise NotImplementedError

    def load(self, directory: Path, spec: ProblemSpecBase, issues: list[FormatIssue]) -> tuple[list[TestCase], Assets]:
        tests = load_json_tests(directory, spec, issues, self.answer_key, self.answer_required)
        return tests, self.load_assets(directory, spec, tests, issues)

    def load_assets(self, directory: Path, spec: Any, tests: list[TestCase], issues: list[FormatIssue]) -> Assets:
        return Assets()

    def entry_point(self, problem: Problem) -> str | None:
        entry: str = self.config(problem).entry
        return entry

    def task_config(self, problem: Problem, source: Source) -> TaskConfig:
        return {"python": {"entry": self.entry_point(problem)}}

    def input_files(self, test: TestCase) -> dict[str, bytes]:
        return input_files(test)

    def parse_job(self, problem: Problem, source: Source) -> ParseJob:
        return ParseJob(python_syntax_error, (source.text,))

    def example(self, problem: Problem, test: TestCase) -> dict[str, Any]:
        payload = test.payload or {}
        example = {
            "name": test.name,
            "group": test.group,
            "args": payload.get("args", []),
            "kwargs": payload.get("kwargs", {}),
        }
        if self.shows_expected and self.answer_key in payload:
            example["expected"] = payload[self.answer_key]
        return example


def python_syntax_error(text: str) -> CompileDiagnostic | None:
    try:
        ast.parse(text, SOLUTION_FILENAME)  # a parse only: no code runs, no constant is folded
    except SyntaxError as exc:  # the sandbox's executor reports it in these words
        return CompileDiagnostic(message=f"{type(exc).__name__}: {exc.msg}", line=exc.lineno, column=exc.offset)
    except (RecursionError, MemoryError, ValueError):
        return CompileDiagnostic(message="the source is nested too deeply to be parsed")
    return None
