"""`judge submit`: a client of the HTTP API (to be written)."""

from __future__ import annotations

import typer


def submit() -> None:
    """Submit a solution to a judge server."""
    raise typer.Exit(2)
