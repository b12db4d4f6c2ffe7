"""One executor per submission language, looked up by name.

An executor loads the submission once (``load``), reads one test's inputs
(``prepare``, not timed) and runs the submission on them (``run``, timed),
returning plain JSON data.
"""

from __future__ import annotations

import importlib

_MODULES = {"python": "judgebox.executors.python", "sql": "judgebox.executors.sql"}


def executor_for(task: dict):
    language = task["language"]
    if language not in _MODULES:
        raise ValueError(f"no executor for language {language!r}")
    # Imported lazily: the Python executor must not pay for importing duckdb.
    return importlib.import_module(_MODULES[language]).Executor(task)
