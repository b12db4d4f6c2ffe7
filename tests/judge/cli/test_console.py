"""CLI output sent to a log or a pipe is not squeezed into 80 columns."""

from __future__ import annotations

import pytest

from judge.cli.render import LOG_WIDTH, make_console


@pytest.mark.parametrize("columns, width", [(None, LOG_WIDTH), ("100", 100)])
def test_a_console_writing_to_a_pipe_is_wide_unless_columns_says_otherwise(monkeypatch, columns, width):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    for stderr in (False, True):
        console = make_console(stderr=stderr)
        assert not console.is_terminal  # pytest captures both streams
        assert console.width == width
