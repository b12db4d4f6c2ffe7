#!/usr/bin/env python3
"""Download, on the host, every wheel the service image (docker/Dockerfile) installs,
so that its build needs no network of its own (the same pattern as the sandbox
image's judge.sandbox.image.download_wheels).

The requirements are read from pyproject.toml: the project's dependencies, its
`service` extra and its build backend. Wheels go to docker/.wheels/, which the
Dockerfile installs from offline when it holds any.

Usage: python3 docker/download-wheels.py [--dest DIR]
"""

from __future__ import annotations

import argparse
import platform
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:  # pip vendors it
    from pip._vendor.packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = {
    "x86_64": ["manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64"],
    "aarch64": ["manylinux2014_aarch64", "manylinux_2_17_aarch64", "manylinux_2_28_aarch64"],
}


def requirements(pyproject: Path) -> list[str]:
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    project = data["project"]
    name = project["name"].lower()
    extras = project.get("optional-dependencies", {})
    reqs = list(project.get("dependencies", []))
    for req in extras.get("service", []):
        # A self-reference such as "judge[x]" is the project's own extras, not a download.
        match = re.match(r"^\s*([A-Za-z0-9._-]+)\s*\[([^\]]*)\]", req)
        if match and match.group(1).lower() == name:
            for extra in match.group(2).split(","):
                reqs += extras.get(extra.strip(), [])
        else:
            reqs.append(req)
    reqs += data.get("build-system", {}).get("requires", [])
    reqs.append("wheel")
    return list(dict.fromkeys(reqs))


def gated_requirements(dest: Path) -> list[str]:
    """Dependencies that only the image's Python needs.

    pip download evaluates environment markers with the host's interpreter even
    with --python-version. The image's Python may be an older 3.11 patch release
    than the host's (Debian bookworm has 3.11.2), so a dependency such as redis's
    `async-timeout; python_full_version < "3.11.3"` would be missing offline.
    """
    target = {"python_version": "3.11", "python_full_version": "3.11.0", "extra": ""}
    host = {"extra": ""}
    found = []
    for wheel in sorted(dest.glob("*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            names = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
            if not names:
                continue
            metadata = archive.read(names[0]).decode("utf-8", "replace")
        for line in metadata.splitlines():
            if not line.startswith("Requires-Dist:"):
                continue
            req = Requirement(line.split(":", 1)[1].strip())
            if req.marker and req.marker.evaluate(target) and not req.marker.evaluate(host):
                req.marker = None
                found.append(str(req))
    return list(dict.fromkeys(found))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=ROOT / "docker" / ".wheels")
    args = parser.parse_args()
    args.dest.mkdir(parents=True, exist_ok=True)
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
        str(args.dest),
    ]
    for tag in PLATFORMS.get(platform.machine(), []):
        command += ["--platform", tag]
    print(f"downloading the service image's wheels into {args.dest}", file=sys.stderr)
    code = subprocess.run(command + requirements(ROOT / "pyproject.toml")).returncode
    extra = gated_requirements(args.dest) if code == 0 else []
    if extra:
        print(f"and for older Python 3.11 releases: {' '.join(extra)}", file=sys.stderr)
        code = subprocess.run(command + extra).returncode
    return code


if __name__ == "__main__":
    sys.exit(main())
