"""The pages' templates: Jinja with autoescape on everywhere, so that a name or a source shows as text.

Every page gets the viewer, the CSRF token for its forms (asgi-csrf, judge/api/app.py), the asset URLs and the
navigation; a page is a template name and its context, nothing else. Markdown reaches a template only as
HTML already made safe (judge/api/pages/markdown.py).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from judge.service.access import Viewer

TEMPLATES = Path(__file__).parent / "templates"
# What a page may load and run: its own origin only, no inline script, no frames, no plugins.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _when(value: dt.datetime | None) -> str:
    """A time as a <time> the browser shows in the viewer's time zone (app.js); UTC without script."""
    if value is None:
        return ""
    utc = value.astimezone(dt.timezone.utc)
    return utc.strftime("%Y-%m-%d %H:%M UTC")


def _iso(value: dt.datetime | None) -> str:
    return value.astimezone(dt.timezone.utc).isoformat() if value else ""


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


def _verdict_class(verdict: Any) -> str:
    text = getattr(verdict, "value", verdict) or "pending"
    return {"accepted": "good", "partial": "partial"}.get(text, "pending" if text == "pending" else "bad")


environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters.update(
    when=_when, iso=_iso, score=_score, verdict_class=_verdict_class, tojson_attr=lambda v: json.dumps(v)
)


def render(
    request: Request, template: str, viewer: Viewer | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    get_token = request.scope.get("csrftoken")
    assets = request.app.state.assets
    html = environment.get_template(template).render(
        request=request,
        viewer=viewer,
        csrftoken=get_token() if get_token else "",
        asset=assets.url,
        path=request.url.path,
        **context,
    )
    return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)
