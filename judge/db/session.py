"""Engines, sessions and migrations."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


POOL_SIZE = 40  # judge.settings.Settings.database_pool_size's default


def make_engine(url: str, pool_size: int = POOL_SIZE) -> Engine:
    """An engine whose pool holds up to `pool_size` connections and never opens more (no overflow): under a
    burst, connections made past the pool and closed after one request each cost the database a new backend."""
    pooled = {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": 30}
    if url.startswith("sqlite"):
        pooled = pooled if ":memory:" not in url and url not in ("sqlite://", "sqlite:///") else {}
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **pooled)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            # WAL lets the API read while a worker writes; foreign keys are off by default in SQLite.
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **pooled)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database to the newest migration, or to `revision` (idempotent)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, revision)
