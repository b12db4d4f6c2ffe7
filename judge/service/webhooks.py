"""Webhooks: a submission's result, POSTed to its callback_url once stored, signed with its owner's secret.

The body is the submission as GET /api/v1/submissions/{id} returns it (hidden tests without feedback). The
signature is `X-Judge-Signature: sha256=<hex HMAC-SHA256 of the body, keyed by the user's secret>`; the user
reads their secret at GET /api/v1/webhooks/secret. A callback URL must name http or https and resolve to
public addresses only (no loopback, private, link-local, multicast or reserved ones), unless the operator sets
JUDGE_WEBHOOK_ALLOW_PRIVATE; it is resolved again when sent, so a name that changes its address meanwhile
(DNS rebinding) is refused then. Redirects are not followed. Delivery is retried with backoff, a few times.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
from urllib.parse import urlsplit

from judge.errors import InvalidRequest

SIGNATURE_HEADER = "X-Judge-Signature"
TIMEOUT_S = 5.0


def check_callback(url: str, allow_private: bool) -> None:
    """Refuse (InvalidRequest) a callback URL the judge must not call."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidRequest("callback_url must be an http or https URL with a host")
    if parts.username or parts.password:
        raise InvalidRequest("callback_url must not carry credentials")
    if allow_private:
        return
    try:
        addresses = {
            info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
        }
    except socket.gaierror:
        raise InvalidRequest(f"callback_url: the host {parts.hostname!r} does not resolve") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise InvalidRequest(
                f"callback_url resolves to {address}, which is not a public address; the "
                "operator may allow private ones (JUDGE_WEBHOOK_ALLOW_PRIVATE)"
            )


def new_secret() -> str:
    return secrets.token_hex(32)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def body_of(view: dict) -> bytes:
    return json.dumps(view, separators=(",", ":"), sort_keys=True, default=str).encode()


def deliver(url: str, secret: str, view: dict, allow_private: bool) -> int:
    """POST the view, signed; returns the status. Raises (for a retry) when the call fails or answers 5xx."""
    import httpx

    check_callback(url, allow_private)
    body = body_of(view)
    response = httpx.post(
        url,
        content=body,
        timeout=TIMEOUT_S,
        follow_redirects=False,
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(secret, body),
            "X-Judge-Event": "submission.finished",
            "X-Judge-Submission": str(view.get("id", "")),
        },
    )
    if response.status_code >= 500:
        raise ConnectionError(f"the callback answered {response.status_code}")
    return response.status_code
