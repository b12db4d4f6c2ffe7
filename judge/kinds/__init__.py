"""The registry of problem kinds, by the name problem.yaml gives."""

from __future__ import annotations

from judge.kinds import python_function, python_metric, sql
from typing import Any

from judge.kinds.base import Kind

KINDS: dict[str, Kind[Any, Any]] = {kind.name: kind for kind in (sql.KIND, python_function.KIND, python_metric.KIND)}


def kind_named(name: str) -> Kind[Any, Any] | None:
    return KINDS.get(name)
