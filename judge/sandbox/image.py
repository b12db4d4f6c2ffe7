"""Building the sandbox image, and knowing whether the one on the engine is current."""

from __future__ import annotations

import hashlib
import platform
import subprocess
import sys
from pathlib import Path

import docker
import docker.errors

REPO_ROOT = Path(__file__).resolve().parents[2]
SANDBOX_DIR = REPO_ROOT / "sandbox"
HASH_LABEL = "org.judge.sandbox.hash"
PULLABLE_BASE = "python:3.11-slim-bookworm"
LOCAL_BASE = "judge-base:bookworm"
_PLATFORMS = {
    "x86_64": ["manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64"],
    "aarch64": ["manylinux2014_aarch64", "manylinux_2_17_aarch64", "manylinux_2_28_aarch64"],
}


def source_hash() -> str:
    """A hash of everything that goes into the image, stored as a label on it."""
    digest = hashlib.sha256()
    files = [SANDBOX_DIR / "Dockerfile", SANDBOX_DIR / "requirements.txt",
             *sorted((SANDBOX_DIR / "judgebox").rglob("*.py"))]
    for path in files:
        digest.update(str(path.relative_to(SANDBOX_DIR)).encode())
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
        subprocess.run([str(SANDBOX_DIR / "build-base.sh"), LOCAL_BASE], check=True)
        return LOCAL_BASE


def download_wheels(log) -> None:
    """Fetch the image's wheels on the host, so the build needs no network of its own."""
    machine = platform.machine()
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
               "--python-version", "3.11", "--implementation", "cp",
               "--dest", str(SANDBOX_DIR / ".wheels"), "-r", str(SANDBOX_DIR / "requirements.txt")]
    for tag in _PLATFORMS.get(machine, []):
        command += ["--platform", tag]
    log("downloading wheels for the image")
    subprocess.run(command, check=True)


def build_image(client: docker.DockerClient, image: str, base: str | None = None, log=print) -> None:
    base = base or choose_base(client, log)
    download_wheels(log)
    log(f"building {image} from {base}")
    try:
        client.images.build(path=str(REPO_ROOT), dockerfile="sandbox/Dockerfile", tag=image, rm=True,
                            buildargs={"BASE_IMAGE": base, "SANDBOX_HASH": source_hash()})
    except docker.errors.BuildError as exc:
        tail = "".join(str(chunk.get("stream", chunk.get("error", ""))) for chunk in list(exc.build_log)[-15:])
        raise RuntimeError(f"building {image} failed:\n{tail}") from exc
