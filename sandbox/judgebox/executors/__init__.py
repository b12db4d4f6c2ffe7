"""One executor per submission language, looked up by name.

An executor loads the submission once (``load``), reads one test's inputs
(``prepare``, not timed) and runs the submission on them (``run``, timed),
returning plain JSON data. The executor of a language (a key of
judgebox.protocol.LANGUAGES) is the module of this package named after it.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol, cast

from judgebox.protocol import LANGUAGES


class Executor(Protocol):
    def load(self) -> None: ...
    def info(self) -> dict[str, Any]: ...
    def prepare(self, test: dict[str, Any]) -> None: ...
    def run(self) -> Any: ...
    def to_output(self, value: Any) -> Any: ...


def executor_for(task: dict[str, Any]) -> Executor:
    language = task["language"]
    if language not in LANGUAGES:
        raise ValueError(f"no executor for language {language!r}")
    # Imported lazily: the Python executor must not pay for importing duckdb.
    return cast(Executor, importlib.import_module(f"{__name__}.{language}").Executor(task))
