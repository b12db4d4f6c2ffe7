"""The roles a user may have. Apart from the tables, so that the CLI can offer them without loading SQLAlchemy."""

from __future__ import annotations

import enum


class Role(str, enum.Enum):
    ADMIN = "admin"
    INSTRUCTOR = "instructor"
    STUDENT = "student"
    # An account an invite made (judge.service.invites): it sees the assessments it was invited to, and nothing
    # else: no open bank, no other assignment of the course, no tokens of its own.
    CANDIDATE = "candidate"


class MemberRole(str, enum.Enum):
    """A user's role in one course; the global Role says what they may do outside courses."""

    INSTRUCTOR = "instructor"
    TA = "ta"
    STUDENT = "student"
