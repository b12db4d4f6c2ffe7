"""`judge sandbox`: build the sandbox image, and clean up after judges that died."""

from __future__ import annotations

from typing import Optional

import typer

sandbox_app = typer.Typer(help="Build the sandbox image and clean up after it.", no_args_is_help=True)


@sandbox_app.command("build")
def sandbox_build(
    base: Optional[str] = typer.Option(None, help="base image; found or made when not given"),
    force: bool = typer.Option(False, help="build even when the image is current"),
) -> None:
    """Build the sandbox image from the installed judge's files (wheels are fetched on the host)."""
    from judge.cli.render import make_console
    from judge.sandbox.docker_sandbox import DockerSandbox
    from judge.sandbox.image import build_image, image_is_current
    from judge.settings import Settings

    settings = Settings()
    console = make_console()
    client = DockerSandbox(settings.sandbox).client
    if not force and image_is_current(client, settings.sandbox.image):
        console.print(f"{settings.sandbox.image} is current")
        return
    build_image(client, settings.sandbox.image, settings.cache_dir, base=base, log=console.print)
    console.print(f"built {settings.sandbox.image}")


@sandbox_app.command("reap")
def sandbox_reap(
    everything: bool = typer.Option(False, "--all", help="remove every sandbox container"),
    older_than: Optional[float] = typer.Option(None, help="also remove containers older than this (s)"),
) -> None:
    """Remove sandbox containers left behind by judges that died."""
    from judge.cli.render import make_console
    from judge.sandbox.docker_sandbox import DockerSandbox
    from judge.sandbox.reaper import reap
    from judge.settings import Settings

    removed = reap(DockerSandbox(Settings().sandbox).client, max_age_s=older_than, everything=everything)
    make_console().print(f"removed {len(removed)} container(s)")
