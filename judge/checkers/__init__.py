"""Checkers: pure functions comparing an output with the expected one. No I/O."""

from __future__ import annotations

from judge.checkers import values

CHECKERS = {"exact": values.exact, "float": values.floats, "unordered": values.unordered}
