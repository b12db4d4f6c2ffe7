"""What the service's functions need beyond a session and a viewer, built once per process (runtime.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from judge.core import Judge
from judge.problems.registry import Problems
from judge.settings import Settings

if TYPE_CHECKING:
    from judge.service.parse_check import ParseChecker
    from judge.service.progress import Progress
    from judge.service.quotas import Quota

Enqueue = Callable[[str], None]  # sends a submission's (or a rejudge item's) id to the queue


@dataclass(frozen=True)
class Services:
    settings: Settings
    sessions: sessionmaker[Session]
    registry: Problems  # judge.service.bank.ProblemBank in a running service
    judge: Judge
    quota: Quota | None = None  # None: no quotas (tools and tests that build their own services)
    progress: Progress | None = None  # where workers publish tests as they are judged; None: nowhere
    parse_check: ParseChecker | None = None  # None: parse checks run in this process (tools and tests)
