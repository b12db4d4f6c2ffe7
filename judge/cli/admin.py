"""`judge db` and `judge users`: running the service's storage."""

from __future__ import annotations

import typer

from judge.cli.render import make_console
from judge.db.models import Role
from judge.db.session import make_engine, make_sessionmaker, upgrade
from judge.errors import JudgeError
from judge.settings import Settings

db_app = typer.Typer(help="The service's database.", no_args_is_help=True)
users_app = typer.Typer(help="Users and their tokens.", no_args_is_help=True)
console = make_console()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema (safe to repeat)."""
    url = Settings().resolved_database_url()
    upgrade(url)
    console.print(f"database is current: {url.split('@')[-1]}")


@users_app.command("add")
def users_add(name: str, role: Role = typer.Option(Role.STUDENT, case_sensitive=False)) -> None:
    """Add a user and print their new token (it is shown only once)."""
    from judge.service.users import create_user

    settings = Settings()
    upgrade(settings.resolved_database_url())
    sessions = make_sessionmaker(make_engine(settings.resolved_database_url()))
    with sessions() as session:
        try:
            user, token = create_user(session, name, role)
        except JudgeError as exc:
            console.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from None
    console.print(f"added {user.name} ({user.role.value}); token:", style="bold")
    print(token)
