"""The one place where the judge's errors become HTTP responses.

The core raises judge.errors exceptions and never HTTPException; every response
for an error is `{"detail": "<a sentence for a person>"}`, plus `errors` (each
field's fault) for a request that did not validate. A web page's error is the
same status and sentence as a page (judge/api/pages installs it), never a trace.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from judge.errors import (
    AlreadyExists,
    Conflict,
    AuthenticationFailed,
    Gone,
    CompileFailed,
    JudgeError,
    NotFound,
    PermissionDenied,
    ProblemNotFound,
    InvalidRequest,
    SandboxUnavailable,
    SourceTooLarge,
    SubmissionRejected,
    TooManyRequests,
)

log = logging.getLogger(__name__)


# Most specific first: SourceTooLarge before SubmissionRejected, everything before JudgeError.
STATUS: list[tuple[type[JudgeError], int]] = [
    (ProblemNotFound, 404),
    (NotFound, 404),
    (SourceTooLarge, 413),
    (SubmissionRejected, 422),
    (InvalidRequest, 422),
    (AuthenticationFailed, 401),
    (PermissionDenied, 403),
    (AlreadyExists, 409),
    (Conflict, 409),
    (Gone, 410),
    (TooManyRequests, 429),
    (SandboxUnavailable, 503),
    (JudgeError, 400),
]


def status_for(exc: JudgeError) -> int:
    return next(code for kind, code in STATUS if isinstance(exc, kind))


API_PREFIXES = ("/api/", "/healthz", "/metrics", "/openapi.json", "/assets/")


def _as_page(request: Request, code: int, detail: str, headers: dict[str, str] | None = None) -> Response | None:
    """The error as a page, for a request of a page, once the pages are installed; else None."""
    render = getattr(request.app.state, "error_page", None)
    path = request.url.path
    if render is None or path.startswith(API_PREFIXES):
        return None
    response: Response = render(request, code, detail)
    if headers and "Retry-After" in headers:
        response.headers["Retry-After"] = headers["Retry-After"]
    return response


async def _judge_error(request: Request, exc: JudgeError) -> Response:
    location = getattr(exc, "location", None)  # a page that needs a sign-in (pages.viewer.SignInNeeded)
    if location is not None:
        return RedirectResponse(location, status_code=303)
    code = status_for(exc)
    headers = {"WWW-Authenticate": "Bearer"} if code == 401 else None
    if isinstance(exc, TooManyRequests):
        headers = {"Retry-After": str(exc.retry_after)}
    if code >= 500:
        log.warning("%s: %s", type(exc).__name__, exc)
    page = _as_page(request, code, str(exc), headers)
    if page is not None:
        return page
    body = {"detail": str(exc)}
    if isinstance(exc, CompileFailed):  # the same shape as a judged submission's compile_error
        body["compile_error"] = exc.diagnostic.model_dump(mode="json")
    return JSONResponse(body, status_code=code, headers=headers)


def describe(error: dict) -> str:
    """One validation error as a sentence: where, then what."""
    loc = [str(part) for part in error.get("loc", ())]
    kind = error.get("type", "")
    if kind == "json_invalid":
        position = f" (at character {loc[1]})" if len(loc) > 1 else ""
        return f"the body is not valid JSON: {error.get('ctx', {}).get('error', 'decode error')}{position}"
    if loc == ["body"]:
        if kind == "missing":
            return "a JSON body is required"
        if isinstance(error.get("input"), (str, bytes)):
            return "the body must be a JSON object, sent with Content-Type: application/json"
        return f"the body must be a JSON object: {error.get('msg')}"
    if loc and loc[0] == "body":
        return f"{'.'.join(loc[1:])}: {error.get('msg')}"
    if loc and loc[0] in ("query", "path", "header"):
        return f"{loc[0]} parameter {'.'.join(loc[1:])}: {error.get('msg')}"
    return f"{'.'.join(loc)}: {error.get('msg')}"


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    errors = list(exc.errors())
    page = _as_page(request, 422, "; ".join(describe(e) for e in errors) or "the request is not valid")
    if page is not None:
        return page
    # The offending input is not echoed back: it may be a whole source file.
    listed = [{"loc": list(e.get("loc", ())), "type": e.get("type"), "msg": e.get("msg")} for e in errors]
    return JSONResponse(
        {"detail": "; ".join(describe(e) for e in errors) or "the request is not valid", "errors": listed},
        status_code=422,
    )


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """Starlette's own: no such route (404), a method the route does not take (405), a body too large (413)."""
    detail = {404: "there is no such page", 405: "this address does not take that method"}.get(
        exc.status_code, str(exc.detail)
    )
    headers = dict(exc.headers or {})
    page = _as_page(request, exc.status_code, detail)
    if page is not None:
        return page
    return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code, headers=headers or None)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error", exc_info=exc)
    page = _as_page(request, 500, "the judge failed unexpectedly; this is not your fault")
    if page is not None:
        return page
    return JSONResponse({"detail": "the judge failed unexpectedly; this is not your fault"}, status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(JudgeError, _judge_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


# For the OpenAPI description of each route.
def responses(*codes: int) -> dict:
    from judge.service.schemas import ErrorBody

    text = {
        400: "bad request",
        401: "no valid token",
        403: "not allowed",
        404: "not found",
        409: "exists already",
        413: "source too large",
        422: "invalid request",
        429: "too many requests at once",
        503: "unavailable",
    }
    return {code: {"model": ErrorBody, "description": text.get(code, "")} for code in codes}
