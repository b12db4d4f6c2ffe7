"""`judge tokens`: one's own API tokens on a judge server, named, with an optional expiry; listed and revoked."""

from __future__ import annotations

import datetime as dt
from typing import Optional

import typer

from judge.cli.client import AS_CSV, AS_JSON, SERVER, TOKEN, Server, table

tokens_app = typer.Typer(help="Your API tokens on a judge server: create, list, revoke.", no_args_is_help=True)


@tokens_app.command("create")
def create(
    name: str,
    days: Optional[float] = typer.Option(None, min=0, help="expires after this many days"),
    server: str = SERVER,
    token: Optional[str] = TOKEN,
) -> None:
    """A new token, printed once: keep it now."""
    expires = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days)).isoformat() if days is not None else None
    made = Server(server, token).call("POST", "/api/v1/tokens", json={"name": name, "expires_at": expires}).json()
    print(made["token"])


@tokens_app.command("list")
def list_(
    user: Optional[str] = typer.Option(None, help="admins: this user's"),
    server: str = SERVER,
    token: Optional[str] = TOKEN,
    as_json: bool = AS_JSON,
    as_csv: bool = AS_CSV,
) -> None:
    """Your tokens (never their values); anyone's for admins."""
    rows = Server(server, token).call("GET", "/api/v1/tokens", params={"user": user} if user else {}).json()
    table(
        ["id", "user", "name", "created", "expires"],
        [[t["id"], t["user"], t["name"], t["created_at"], t["expires_at"] or "never"] for t in rows],
        as_json,
        as_csv,
    )


@tokens_app.command("revoke")
def revoke(token_id: str, server: str = SERVER, token: Optional[str] = TOKEN) -> None:
    """Revoke a token by its id (`judge tokens list`): refused from its next request on."""
    Server(server, token).call("DELETE", f"/api/v1/tokens/{token_id}")
    print(f"revoked {token_id}")
