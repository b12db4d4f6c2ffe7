"""Building the service's parts from settings, once per process."""

from __future__ import annotations

from judge.core import Judge
from judge.db.session import make_engine, make_sessionmaker
from judge.service.bank import ProblemBank
from judge.service.parse_check import ParseChecker
from judge.service.progress import Progress
from judge.service.quotas import Quota
from judge.service.services import Services
from judge.settings import Settings


def build_services(settings: Settings) -> Services:
    """The API's and the workers' parts; problems come from the database (judge.service.bank), never a directory."""
    sessions = make_sessionmaker(make_engine(settings.resolved_database_url(), settings.database_pool_size))
    return Services(
        settings=settings,
        sessions=sessions,
        registry=ProblemBank(sessions, settings.cache_dir),
        judge=Judge(settings),
        quota=Quota(settings),
        progress=Progress(settings.broker_url),
        parse_check=ParseChecker(settings.parse_workers, settings.parse_timeout_s),
    )
