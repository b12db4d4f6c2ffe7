"""Late policies, and when a student may still submit to an assignment, with what penalty.

A deadline is the assignment's `due_at`, or a student's extension; a timed assignment also ends its window
`window_minutes` after the student first opened it, whichever comes first. After the deadline:
- `none`: submissions are refused (a hard deadline);
- `per_day`: accepted, `percent` off per day late or part of one, never below `floor` percent of full credit;
- `cutoff`: accepted until `until`, with `percent` off, refused after.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HardDeadline(_Policy):
    kind: Literal["none"] = "none"


class PerDay(_Policy):
    kind: Literal["per_day"]
    percent: float = Field(gt=0, le=100, description="taken off per day late (or part of a day)")
    floor: float = Field(0, ge=0, lt=100, description="the least share of full credit a late submission keeps, %")


class Cutoff(_Policy):
    kind: Literal["cutoff"]
    until: dt.datetime = Field(description="no submission is accepted after this")
    percent: float = Field(0, ge=0, le=100, description="taken off a submission after the deadline")


LatePolicy = Annotated[Union[HardDeadline, PerDay, Cutoff], Field(discriminator="kind")]
LATE_POLICY = TypeAdapter(LatePolicy)


@dataclass(frozen=True)
class Timing:
    """Where a submission made at one moment stands against its deadline."""

    allowed: bool
    late: bool = False
    penalty_percent: float = 0.0
    reason: str = ""  # why it is refused


def deadline(
    due_at: dt.datetime,
    extension: dt.datetime | None = None,
    started_at: dt.datetime | None = None,
    window_minutes: float | None = None,
) -> dt.datetime:
    """A student's deadline: the extension's, else the assignment's, and at most the end of a timed window."""
    end = extension or due_at
    if window_minutes is not None and started_at is not None:
        end = min(end, started_at + dt.timedelta(minutes=window_minutes))
    return end


def lengthened(window_minutes: int | None, extra_minutes: int | None, extra_percent: float | None) -> float | None:
    """A student's timed window, in minutes: the assignment's, with their extra time (minutes, a share, or both)."""
    if window_minutes is None:
        return None
    return window_minutes * (1 + (extra_percent or 0.0) / 100) + (extra_minutes or 0)


def timing(policy: HardDeadline | PerDay | Cutoff, due: dt.datetime, now: dt.datetime) -> Timing:
    """Whether a submission at `now` is accepted against deadline `due`, and its penalty."""
    if now <= due:
        return Timing(True)
    if isinstance(policy, HardDeadline):
        return Timing(False, reason=f"the deadline passed at {due.isoformat()}")
    if isinstance(policy, Cutoff):
        if now > policy.until:
            return Timing(
                False,
                reason=f"the deadline passed at {due.isoformat()}, and the last day for late "
                f"submissions at {policy.until.isoformat()}",
            )
        return Timing(True, late=True, penalty_percent=policy.percent)
    days = math.ceil((now - due) / dt.timedelta(days=1))
    return Timing(True, late=True, penalty_percent=min(policy.percent * days, 100.0 - policy.floor))
