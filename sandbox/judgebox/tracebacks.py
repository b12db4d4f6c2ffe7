"""Tracebacks that show the candidate their own code, not the runner's."""

from __future__ import annotations

import traceback

SOLUTION_FILENAME = "solution.py"
MAX_MESSAGE_CHARS = 4000


def describe(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == SOLUTION_FILENAME]
    lines = ["Traceback (most recent call last):\n"] if frames else []
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    text = "".join(lines)
    if len(text) > MAX_MESSAGE_CHARS:
        text = text[: MAX_MESSAGE_CHARS // 2] + "\n...\n" + text[-MAX_MESSAGE_CHARS // 2 :]
    return text
