"""judge.service.logs: one JSON object per line, carrying the submission being handled (issue 13)."""

from __future__ import annotations

import io
import json
import logging

from judge.service.logs import configure, current_submission


def test_json_lines_carry_the_submission_s_id():
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure("json", stream=stream)
        logging.getLogger("judge.test").info("outside any submission")
        token = current_submission.set("abc123")
        logging.getLogger("celery.app.trace").warning("inside %s", "it")
        current_submission.reset(token)
    finally:
        root.handlers[:], root.level = saved
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "outside any submission" and "submission_id" not in first
    assert (second["message"], second["submission_id"], second["level"], second["logger"]) == (
        "inside it",
        "abc123",
        "WARNING",
        "celery.app.trace",
    )
    assert second["time"].endswith("+00:00")
