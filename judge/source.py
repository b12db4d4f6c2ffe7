"""A candidate's source as the judge takes it in, and the language a file name implies."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath

from judgebox.protocol import DIALECTS, LANGUAGES

from judge.errors import SubmissionRejected


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


def text_fault(text: str, what: str = "the source") -> str | None:
    """Why this text cannot be judged or stored (a NUL character, a lone surrogate), or None."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return f"{what} contains a NUL character (line {line})"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"{what} is not valid Unicode: a lone surrogate at character {exc.start}"
    return None


def read_source_file(path: str | Path) -> str:
    """A solution file's text: it must be UTF-8; anything else is refused with where it goes wrong."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SubmissionRejected(
            f"{path} is not valid UTF-8 (byte {exc.start}, line {line}): save it as UTF-8"
        ) from None
