"""Logs: one line per record, as text or as JSON (JUDGE_LOG_FORMAT), carrying the submission being handled.

The submission's id is a context variable, set where the API receives a submission and where a worker judges
one, so that every record logged meanwhile (the judge's, Celery's, SQLAlchemy's) says which submission it is
about: a submission can be followed from the API through the worker in the logs.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import sys

current_submission: contextvars.ContextVar[str | None] = contextvars.ContextVar("submission", default=None)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(submission_id)s] %(message)s"


class WithSubmission(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.submission_id = current_submission.get() or "-"
        return True


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "submission_id", "-") != "-":
            line["submission_id"] = record.submission_id
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def configure(log_format: str = "text", level: int = logging.INFO, stream=None) -> None:
    """The root logger's one handler, in the given format, with the submission's id on every record."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(WithSubmission())
    handler.setFormatter(JsonLines() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
