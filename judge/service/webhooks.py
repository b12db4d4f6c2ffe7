"""Webhooks: a submission's result, POSTed to its callback_url once stored, signed with its owner's secret.

The body is the submission as GET /api/v1/submissions/{id} returns it (hidden tests without feedback). The
signature is `X-Judge-Signature: sha256=<hex HMAC-SHA256 of the body, keyed by the user's secret>`; the user
reads their secret at GET /api/v1/webhooks/secret. A callback URL must name http or https and resolve to
public addresses only: none of IANA's special-purpose ranges (loopback, private, link-local, shared, multicast,
reserved, documentation...), and no IPv6 address that carries an IPv4 one (NAT64 64:ff9b::/96 and /48,
IPv4-compatible ::/96, IPv4-mapped, 6to4), since the IPv4 inside could be any of those; unless the operator
sets JUDGE_WEBHOOK_ALLOW_PRIVATE. When sent, the name is resolved once, checked, and the connection made to
the very address checked (the name kept for the Host header and TLS), so a resolver that changes its answer
between the check and the call (DNS rebinding) reaches nothing it should not. Redirects are not followed.
Delivery is retried with backoff, a few times.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
from typing import Any
from urllib.parse import urlsplit

from judge.errors import InvalidRequest

SIGNATURE_HEADER = "X-Judge-Signature"
TIMEOUT_S = 5.0


# IPv6 ranges that embed an IPv4 address, or translate to one: refused whatever that address is.
_EMBEDS_IPV4 = tuple(
    ipaddress.ip_network(n) for n in ("::/96", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "2002::/16")
)


def public_address(address: str) -> bool:
    """Whether the judge may call this address: globally reachable by IANA's registries, and not multicast."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and any(ip in network for network in _EMBEDS_IPV4):
        return False
    return ip.is_global and not ip.is_multicast


def check_callback(url: str, allow_private: bool) -> None:
    """Refuse (InvalidRequest) a callback URL the judge must not call. With private addresses allowed, the
    name is not looked up here: only when the call is made."""
    _resolved(url, allow_private, resolve=not allow_private)


def resolve_callback(url: str, allow_private: bool) -> list[str]:
    """The addresses a callback URL names, every one checked: the call is made to the first."""
    return _resolved(url, allow_private, resolve=True)


def _resolved(url: str, allow_private: bool, resolve: bool) -> list[str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidRequest("callback_url must be an http or https URL with a host")
    if parts.username or parts.password:
        raise InvalidRequest("callback_url must not carry credentials")
    try:
        port = parts.port
    except ValueError:
        raise InvalidRequest("callback_url has a port that is not a number from 0 to 65535") from None
    if not resolve:
        return []
    try:
        addresses = sorted(
            {info[4][0] for info in socket.getaddrinfo(parts.hostname, port or 443, type=socket.SOCK_STREAM)}
        )
    except (socket.gaierror, UnicodeError):
        raise InvalidRequest(f"callback_url: the host {parts.hostname!r} does not resolve") from None
    if not allow_private:
        for address in addresses:
            if not public_address(address):
                raise InvalidRequest(
                    f"callback_url resolves to {address}, which is not a public address; the "
                    "operator may allow private ones (JUDGE_WEBHOOK_ALLOW_PRIVATE)"
                )
    return addresses


def new_secret() -> str:
    return secrets.token_hex(32)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def body_of(view: dict) -> bytes:
    return json.dumps(view, separators=(",", ":"), sort_keys=True, default=str).encode()


def _post(url: str, **request: Any) -> Any:
    import httpx

    with httpx.Client(timeout=TIMEOUT_S, follow_redirects=False) as client:
        return client.post(url, **request)


def deliver(url: str, secret: str, view: dict, allow_private: bool, event: str = "submission.finished") -> int:
    """POST the view, signed; returns the status. Raises (for a retry) when the call fails or answers 5xx."""
    addresses = resolve_callback(url, allow_private)  # resolved once: the call goes to what was checked
    parts = urlsplit(url)
    address = addresses[0]
    host = f"[{address}]" if ":" in address else address
    pinned = parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host).geturl()
    body = body_of(view)
    response = _post(
        pinned,
        content=body,
        extensions={"sni_hostname": parts.hostname} if parts.scheme == "https" else {},
        headers={
            "Host": parts.netloc,
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(secret, body),
            "X-Judge-Event": event,
            "X-Judge-Submission": str(view.get("id", "")),
        },
    )
    if response.status_code >= 500:
        raise ConnectionError(f"the callback answered {response.status_code}")
    return response.status_code
