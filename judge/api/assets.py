"""The pages' static files, served by the app itself: hashed names, gzipped once, cached for ever.

Every file under judge/api/pages/static (the built bundles in static/build included, scripts/build-assets.sh)
is read once at start and kept in memory with its gzipped form. Its URL carries a hash of its content
(`/assets/app.3f2a9c1b7d0e.css`), so that it may be cached as immutable and a new release is fetched at
once. Nothing is served from outside the app's own origin: /docs is Swagger UI from these files too.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

from judge.errors import NotFound

STATIC = Path(__file__).parent / "pages" / "static"
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    url_name: str
    media_type: str
    body: bytes
    gzipped: bytes


class Assets:
    """The files by their plain name (`app.css`, `build/editor.js`) and by their hashed URL name."""

    def __init__(self, root: Path = STATIC):
        self.by_name: dict[str, Asset] = {}
        self.by_url: dict[str, Asset] = {}
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            body = path.read_bytes()
            digest = hashlib.sha256(body).hexdigest()[:12]
            stem, dot, suffix = path.name.rpartition(".")
            url_name = f"{stem}.{digest}.{suffix}" if dot else f"{path.name}.{digest}"
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if media_type.startswith("text/") or media_type.endswith("javascript"):
                media_type += "; charset=utf-8"
            asset = Asset(url_name, media_type, body, gzip.compress(body, compresslevel=9, mtime=0))
            self.by_name[name] = asset
            self.by_url[url_name] = asset

    def url(self, name: str) -> str | None:
        """The URL of a file, or None when it is not there (a bundle not built: the page does without it)."""
        asset = self.by_name.get(name)
        return f"/assets/{asset.url_name}" if asset else None


router = APIRouter(include_in_schema=False)


@router.get("/assets/{name}")
def asset(name: str, request: Request) -> Response:
    found = request.app.state.assets.by_url.get(name)
    if found is None:
        raise NotFound(f"no asset {name!r}")
    headers = {"Cache-Control": IMMUTABLE, "Vary": "Accept-Encoding", "X-Content-Type-Options": "nosniff"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(found.gzipped, media_type=found.media_type, headers=headers)
    return Response(found.body, media_type=found.media_type, headers=headers)


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """Swagger UI, from the app's own files (the bundle from npm's swagger-ui-dist)."""
    assets: Assets = request.app.state.assets
    js, css = assets.url("build/swagger-ui-bundle.js"), assets.url("build/swagger-ui.css")
    if js is None or css is None:
        return HTMLResponse(
            "<!doctype html><title>judge API</title><p>Swagger UI is not built (scripts/build-assets.sh); the "
            'description is at <a href="/openapi.json">/openapi.json</a>.',
            status_code=503,
        )
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="judge API",
        swagger_js_url=js,
        swagger_css_url=css,
        swagger_favicon_url=assets.url("favicon.svg") or "",
    )


def install(app: FastAPI) -> None:
    app.state.assets = Assets()
    app.include_router(router)
