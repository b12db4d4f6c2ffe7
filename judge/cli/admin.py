"""`judge db` and `judge users`: the service's storage. They need the service extra (`pip install 'judge[service]'`)."""

from __future__ import annotations

from typing import Optional

import typer

from judge.db.roles import Role

db_app = typer.Typer(help="The service's database.", no_args_is_help=True)
users_app = typer.Typer(help="Users and their tokens.", no_args_is_help=True)
SERVICE_EXTRA = "pip install 'judge[service]'"


def require_service(command: str) -> None:
    """Fail with what to install when the service's packages are missing, rather than with a traceback."""
    from importlib.util import find_spec

    missing = [name for name in ("sqlalchemy", "alembic") if find_spec(name) is None]
    if missing:
        from judge.cli.render import fail

        fail(f"`judge {command}` needs the service's packages ({', '.join(missing)} missing): {SERVICE_EXTRA}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema (safe to repeat)."""
    require_service("db upgrade")
    from judge.cli.render import make_console
    from judge.db.session import upgrade
    from judge.settings import Settings

    url = Settings().resolved_database_url()
    upgrade(url)
    make_console().print(f"database is current: {url.split('@')[-1]}")


@users_app.command("add")
def users_add(
    name: str,
    role: Role = typer.Option(Role.STUDENT, case_sensitive=False),
    server: Optional[str] = typer.Option(
        None, help="the judge server to add the user to (POST /api/v1/users); without it, the local database"
    ),
    token: Optional[str] = typer.Option(None, envvar="JUDGE_TOKEN", show_default=False, help="your API token"),
) -> None:
    """Add a user and print their new token (it is shown only once). With --server, on that server, as its API
    allows (admins: any role; instructors: students); without, in the database JUDGE_DATABASE_URL names."""
    if server is not None:
        from judge.cli.client import Server
        from judge.cli.render import make_console

        made = Server(server, token).call("POST", "/api/v1/users", json={"name": name, "role": role.value}).json()
        make_console(stderr=True).print(
            f"added {made['name']} ({made['role']}) on the server {server}", highlight=False, markup=False
        )
        print(made["token"])
        return
    require_service("users add")
    from judge.cli.render import fail, make_console
    from judge.db.session import make_engine, make_sessionmaker, upgrade
    from judge.errors import JudgeError
    from judge.service.users import create_user
    from judge.settings import Settings

    settings = Settings()
    upgrade(settings.resolved_database_url())
    sessions = make_sessionmaker(make_engine(settings.resolved_database_url()))
    with sessions() as session:
        try:
            user, token = create_user(session, name, role)
        except JudgeError as exc:
            fail(str(exc))
    where = settings.resolved_database_url().split("@")[-1]
    console = make_console(stderr=True)
    # The user exists in this database only: a service started with another JUDGE_DATABASE_URL never sees it.
    console.print(f"added {user.name} ({user.role.value}) to the database {where}", highlight=False)
    console.print(
        "a judge service that uses another database (compose uses its own PostgreSQL) does not know "
        "this user: add users there with POST /api/v1/users or `judge course roster`",
        highlight=False,
    )
    console.print("token:", style="bold")
    print(token)


@users_app.command("reset-token")
def users_reset_token(
    name: str,
    server: str = typer.Option("http://localhost:8000", envvar="JUDGE_SERVER", help="the judge server's URL"),
    token: Optional[str] = typer.Option(None, envvar="JUDGE_TOKEN", show_default=False, help="your API token"),
) -> None:
    """Replace a user's lost token on the server (admins; instructors for their students): every token of theirs
    is revoked, and the new one is printed, once."""
    from judge.cli.client import Server

    made = Server(server, token).call("POST", f"/api/v1/users/{name}/token").json()
    print(made["token"])


@users_app.command("set-password")
def users_set_password(
    name: str,
    server: str = typer.Option("http://localhost:8000", envvar="JUDGE_SERVER", help="the judge server's URL"),
    token: Optional[str] = typer.Option(None, envvar="JUDGE_TOKEN", show_default=False, help="your API token"),
    password: Optional[str] = typer.Option(
        None, envvar="JUDGE_NEW_PASSWORD", show_default=False, help="the new password; asked for when not given"
    ),
) -> None:
    """Set a user's password for the web pages (admins; instructors for their students): their browser sessions
    end. Without --password it is asked for, twice, unseen."""
    from judge.cli.client import Server

    if password is None:
        password = typer.prompt("new password", hide_input=True, confirmation_prompt=True)
    Server(server, token).call("PUT", f"/api/v1/users/{name}/password", json={"password": password})
    print(f"the password of {name} is set")


def worker(
    concurrency: int = typer.Option(
        0, min=0, envvar="JUDGE_WORKER_CONCURRENCY", help="submissions judged at once; 0: one per CPU"
    ),
    beat: bool = typer.Option(False, help="also schedule the sweeper (one process per deployment)"),
    name: str = typer.Option("celery@%h", help="the worker's name, unique across hosts"),
) -> None:
    """Run a queue worker on this host: JUDGE_BROKER_URL, JUDGE_DATABASE_URL and the local Docker engine are all
    it needs (docs/deployment.md). Any number of hosts can run one."""
    require_service("worker")
    import os

    from judge.worker.celery_app import app as celery

    from judge.service.queue import QUEUES

    argv = [
        "worker",
        "--loglevel=INFO",
        "-n",
        name,
        "--concurrency",
        str(concurrency or os.cpu_count() or 1),
        "-Q",
        ",".join(QUEUES),
    ]  # live submissions first, rejudges when there are none
    celery.worker_main(argv + (["-B"] if beat else []))
