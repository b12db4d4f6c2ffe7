"""A candidate's source as the judge takes it in, and the language a file name implies."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from judgebox.protocol import DIALECTS, LANGUAGES


@dataclass(frozen=True)
class Source:
    """What is judged: the text of a solution, its language and, for SQL, its dialect."""

    text: str
    language: str
    dialect: str | None = None


def language_for(path: str | PurePath) -> str | None:
    """The language a file's suffix names (`q.sql` is sql, `f.py` python), or None."""
    suffix = PurePath(path).suffix.lower()
    return next((language for language, known in LANGUAGES.items() if known == suffix), None)


def dialect_for(path: str | PurePath) -> str | None:
    """The dialect a SQL file's name gives before its suffix (`q.mysql.sql` is mysql), or None."""
    parts = PurePath(path).name.lower().split(".")
    return parts[-2] if len(parts) >= 3 and parts[-1] == "sql" and parts[-2] in DIALECTS else None
