"""Migrations upgrade a database that has data in it, on SQLite and on PostgreSQL, and lose none of it.

A database is brought to 0001 (the schema of the service before courses), filled the way that service filled
it, then upgraded to the newest migration. Every row is still there, the new columns have their defaults, and
the schema is exactly what the models describe (so a model changed without its migration fails here).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from judge.db.models import Base
from judge.db.session import make_engine, upgrade

NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.timezone.utc)
RESULT = {
    "problem": "add-canary",
    "language": "python",
    "verdict": "accepted",
    "score": 100.0,
    "tests": [],
    "groups": [],
}


def fill_version_1(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, name, role, created_at) VALUES ('u0', 'admin', 'ADMIN', :now), "
                "('u1', 'ada', 'INSTRUCTOR', :now), ('u2', 'bo', 'STUDENT', :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO api_tokens (id, user_id, token_hash, created_at) VALUES "
                "('t0', 'u0', :admin, :now), ('t1', 'u2', :hash, :now)"
            ),
            {"admin": "b" * 64, "hash": "a" * 64, "now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO submissions (id, user_id, problem, language, dialect, source, status, attempts, worker, "
                "received_at, enqueued_at, started_at, heartbeat_at, finished_at) VALUES "
                "('s1', 'u2', 'add-canary', 'python', NULL, 'def solve(a, b): return a + b', 'FINISHED', 1, 'w', "
                ":now, :now, :now, NULL, :now), "
                "('s2', 'u2', 'plays-per-user', 'sql', 'postgres', 'SELECT 1', 'QUEUED', 0, NULL, :now, NULL, NULL, NULL, "
                "NULL)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO submission_results (submission_id, verdict, score, result, created_at) "
                "VALUES ('s1', 'accepted', 100.0, :result, :now)"
            ),
            {"result": json.dumps(RESULT), "now": NOW},
        )
    engine.dispose()


def check_nothing_lost(url: str) -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        users = connection.execute(text("SELECT id, name, role, active, email FROM users ORDER BY id")).all()
        assert [(u.id, u.name, u.role, bool(u.active), u.email) for u in users] == [
            ("u0", "admin", "ADMIN", True, None),
            ("u1", "ada", "INSTRUCTOR", True, None),
            ("u2", "bo", "STUDENT", True, None),
        ]
        token = connection.execute(text("SELECT user_id, name, expires_at FROM api_tokens WHERE id = 't1'")).one()
        assert (token.user_id, token.name, token.expires_at) == ("u2", "default", None)
        admin = connection.execute(text("SELECT name FROM api_tokens WHERE user_id = 'u0'")).scalar_one()
        assert admin == "JUDGE_ADMIN_TOKEN"  # the admin's tokens came from JUDGE_ADMIN_TOKEN, and say so now
        rows = connection.execute(
            text(
                "SELECT id, source, status, dialect, course_id, assignment_id, late, "
                "penalty_percent FROM submissions ORDER BY id"
            )
        ).all()
        assert [
            (r.id, r.source, r.status, r.dialect, r.course_id, r.assignment_id, bool(r.late), r.penalty_percent)
            for r in rows
        ] == [
            ("s1", "def solve(a, b): return a + b", "FINISHED", None, None, None, False, 0.0),
            ("s2", "SELECT 1", "QUEUED", "postgres", None, None, False, 0.0),
        ]
        stored = connection.execute(text("SELECT verdict, score, result FROM submission_results")).one()
        result = stored.result if isinstance(stored.result, dict) else json.loads(stored.result)
        assert (stored.verdict, stored.score, result) == ("accepted", 100.0, RESULT)
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert not differences, differences
    engine.dispose()


def test_sqlite_upgrades_with_its_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'judge.db'}"
    upgrade(url, "0001")
    fill_version_1(url)
    upgrade(url)
    check_nothing_lost(url)
    upgrade(url)  # again: nothing to do


@pytest.mark.service
def test_postgresql_upgrades_with_its_data(postgres_url):
    upgrade(postgres_url, "0001")
    fill_version_1(postgres_url)
    upgrade(postgres_url)
    check_nothing_lost(postgres_url)
