"""Building the service's parts from settings, once per process."""

from __future__ import annotations

from judge.core import Judge
from judge.db.session import make_engine, make_sessionmaker
from judge.problems.registry import ProblemRegistry
from judge.service.quotas import Quota
from judge.service.submissions import Services
from judge.settings import Settings


def build_services(settings: Settings) -> Services:
    engine = make_engine(settings.resolved_database_url())
    return Services(settings=settings, sessions=make_sessionmaker(engine),
                    registry=ProblemRegistry.load(settings.problems_dir), judge=Judge(settings), quota=Quota(settings))
