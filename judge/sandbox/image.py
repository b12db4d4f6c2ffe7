"""Building the sandbox image from the installed package's own files, and knowing whether the engine's is current.

The build context is made in memory: the Dockerfile and requirements (package data of judge.sandbox.context),
the runner (the judgebox package) and wheels downloaded on the host, so the build itself needs no network
and works from a checkout and from a non-editable install alike.
"""

from __future__ import annotations

import hashlib
import io
import platform
import subprocess
import sys
import tarfile
from importlib import resources
from pathlib import Path

import docker
import docker.errors
import judgebox

HASH_LABEL = "org.judge.sandbox.hash"
PULLABLE_BASE = "python:3.11-slim-bookworm"
LOCAL_BASE = "judge-base:bookworm"
CONTEXT_ROOT = "sandbox"  # where the Dockerfile expects its files, as in the repository (compose builds it there)
_PLATFORMS = {
    "x86_64": ["manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64"],
    "aarch64": ["manylinux2014_aarch64", "manylinux_2_17_aarch64", "manylinux_2_28_aarch64"],
}


def build_files_dir() -> Path:
    """Where the Dockerfile, requirements.txt and build-base.sh are (sandbox/ in a checkout)."""
    return Path(str(resources.files("judge.sandbox.context")))


def image_sources() -> dict[str, Path]:
    """Every source that goes into the image, by its path below sandbox/ in the build context."""
    build = build_files_dir()
    runner = Path(judgebox.__file__).parent
    files = {"Dockerfile": build / "Dockerfile", "requirements.txt": build / "requirements.txt"}
    for path in sorted(runner.rglob("*.py")):
        files[f"judgebox/{path.relative_to(runner).as_posix()}"] = path
    return files


def source_hash() -> str:
    """A hash of everything that goes into the image, stored as a label on it."""
    digest = hashlib.sha256()
    for name, path in image_sources().items():
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def image_is_current(client: docker.DockerClient, image: str) -> bool:
    try:
        labels = client.images.get(image).labels or {}
    except docker.errors.ImageNotFound:
        return False
    return labels.get(HASH_LABEL) == source_hash()


def choose_base(client: docker.DockerClient, log) -> str:
    for candidate in (LOCAL_BASE, PULLABLE_BASE):
        try:
            client.images.get(candidate)
            return candidate
        except docker.errors.ImageNotFound:
            pass
    try:
        log(f"pulling {PULLABLE_BASE}")
        client.images.pull(PULLABLE_BASE)
        return PULLABLE_BASE
    except docker.errors.APIError:
        log(f"no registry reachable: making {LOCAL_BASE} with debootstrap")
        subprocess.run(["bash", str(build_files_dir() / "build-base.sh"), LOCAL_BASE], check=True)
        return LOCAL_BASE


def download_wheels(requirements: Path, cache_dir: Path, log) -> Path:
    """The image's wheels, fetched on the host into a directory kept per requirements file."""
    dest = cache_dir / "sandbox-wheels" / hashlib.sha256(requirements.read_bytes()).hexdigest()[:16]
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--disable-pip-version-check",
        "--only-binary=:all:",
        "--python-version",
        "3.11",
        "--implementation",
        "cp",
        "--dest",
        str(dest),
        "-r",
        str(requirements),
    ]
    for tag in _PLATFORMS.get(platform.machine(), []):
        command += ["--platform", tag]
    log("downloading wheels for the image")
    subprocess.run(command, check=True)
    return dest


def build_context(wheels: Path) -> bytes:
    """The build context as a tar: the image's sources and wheels, below sandbox/ as the Dockerfile expects."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, path in image_sources().items():
            tar.add(path, arcname=f"{CONTEXT_ROOT}/{name}")
        tar.add(wheels, arcname=f"{CONTEXT_ROOT}/.wheels")
    return buffer.getvalue()


def build_image(client: docker.DockerClient, image: str, cache_dir: Path, base: str | None = None, log=print) -> None:
    base = base or choose_base(client, log)
    wheels = download_wheels(build_files_dir() / "requirements.txt", cache_dir, log)
    log(f"building {image} from {base}")
    try:
        client.images.build(
            fileobj=io.BytesIO(build_context(wheels)),
            custom_context=True,
            dockerfile=f"{CONTEXT_ROOT}/Dockerfile",
            tag=image,
            rm=True,
            buildargs={"BASE_IMAGE": base, "SANDBOX_HASH": source_hash()},
        )
    except docker.errors.BuildError as exc:
        tail = "".join(str(chunk.get("stream", chunk.get("error", ""))) for chunk in list(exc.build_log)[-15:])
        raise RuntimeError(f"building {image} failed:\n{tail}") from exc
