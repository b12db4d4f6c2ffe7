"""The one place where the judge's errors become HTTP responses.

The core raises judge.errors exceptions and never HTTPException; every response
for an error is `{"detail": "<a sentence for a person>"}`, plus `errors` (each
field's fault) for a request that did not validate.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from judge.errors import (
    AlreadyExists,
    Conflict,
    AuthenticationFailed,
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
    (TooManyRequests, 429),
    (SandboxUnavailable, 503),
    (JudgeError, 400),
]


def status_for(exc: JudgeError) -> int:
    return next(code for kind, code in STATUS if isinstance(exc, kind))


async def _judge_error(_request: Request, exc: JudgeError) -> JSONResponse:
    code = status_for(exc)
    headers = {"WWW-Authenticate": "Bearer"} if code == 401 else None
    if isinstance(exc, TooManyRequests):
        headers = {"Retry-After": str(exc.retry_after)}
    if code >= 500:
        log.warning("%s: %s", type(exc).__name__, exc)
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


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    # The offending input is not echoed back: it may be a whole source file.
    listed = [{"loc": list(e.get("loc", ())), "type": e.get("type"), "msg": e.get("msg")} for e in errors]
    return JSONResponse(
        {"detail": "; ".join(describe(e) for e in errors) or "the request is not valid", "errors": listed},
        status_code=422,
    )


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return JSONResponse({"detail": "the judge failed unexpectedly; this is not your fault"}, status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(JudgeError, _judge_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
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
