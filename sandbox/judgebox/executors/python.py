"""Calls the submission's entry function with each test's arguments."""

from __future__ import annotations

from typing import Any

import json
import os
import sys
import types

from judgebox.protocol import RunStatus
from judgebox.errors import CompileError, SubmissionFailure
from judgebox.jsonsafe import to_plain
from judgebox.tracebacks import SOLUTION_FILENAME, describe


class Executor:
    def __init__(self, task: dict[str, Any]):
        self.source_path = task["source"]
        self.entry_name = task["python"]["entry"]
        self.generators_source = task["python"].get("generators")
        self.generators: dict[str, Any] = {}
        self.entry = None
        self.args: list[Any] = []
        self.kwargs: dict[str, Any] = {}

    def load(self) -> None:
        if self.generators_source:
            # The problem's own input generators, loaded before the submission can touch anything.
            self.generators = {}
            exec(compile(self.generators_source, "<generators>", "exec", dont_inherit=True), self.generators)
        with open(self.source_path, "rb") as handle:
            source = handle.read()
        try:
            code = compile(source, SOLUTION_FILENAME, "exec", dont_inherit=True)
        except SyntaxError as exc:
            raise CompileError(f"{type(exc).__name__}: {exc.msg}", exc.lineno, exc.offset) from None
        except ValueError as exc:  # e.g. NUL bytes in the source
            raise CompileError(str(exc)) from None
        module = types.ModuleType("solution")
        module.__file__ = SOLUTION_FILENAME
        sys.modules["solution"] = module
        try:
            exec(code, module.__dict__)
        except MemoryError:
            raise SubmissionFailure(
                RunStatus.MEMORY_LIMIT_EXCEEDED, "MemoryError while loading the submission"
            ) from None
        except BaseException as exc:  # noqa: BLE001 - any failure of the candidate's module code
            raise SubmissionFailure(RunStatus.RUNTIME_ERROR, describe(exc)) from None
        entry = module.__dict__.get(self.entry_name)
        if not callable(entry):
            raise CompileError(f"the submission does not define a function named {self.entry_name!r}")
        self.entry = entry

    def info(self) -> dict[str, Any]:
        return {}

    def prepare(self, test: dict[str, Any]) -> None:
        with open(os.path.join(test["input"], "input.json"), encoding="utf-8") as handle:
            payload = json.load(handle)
        self.args = [self._generated(v) for v in payload.get("args", [])]
        self.kwargs = {k: self._generated(v) for k, v in payload.get("kwargs", {}).items()}

    def _generated(self, value: Any) -> Any:
        """{"$generate": {"function": f, "kwargs": {...}}} becomes what the problem's generator f returns:
        typically a lazy iterator, so that producing the input costs the submission no memory."""
        if isinstance(value, dict) and set(value) == {"$generate"}:
            spec = value["$generate"]
            return self.generators[spec["function"]](**spec.get("kwargs", {}))
        return value

    def run(self) -> Any:
        if self.entry is None:
            raise RuntimeError("the submission was not loaded")
        return self.entry(*self.args, **self.kwargs)

    def to_output(self, value: Any) -> Any:
        return to_plain(value)
