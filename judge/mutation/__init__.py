"""Mutation testing of a problem's tests: small faults put into its reference solution, each judged against
the problem's tests. A test suite that lets a mutant through (a survivor) has a blind spot, unless the
mutant is equivalent to the reference, which the author declares in problem.yaml with a reason.

A mutant is named by the operator, where it applies and what it changed, so that the name stays the same
from one run to the next while the reference does not change.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    id: str  # e.g. "compare:12:15:<=", stable while the reference is
    description: str  # for a person: what was changed, and where
    source: str
