"""A problem version as bytes: packed from a directory for storage, unpacked into a cache keyed by its hash.

Packing is deterministic (sorted names, no times or owners), so the same directory always gives the same
archive. Unpacking trusts nothing in the archive: only regular files and directories under the destination
are written, and the unpacked tree must hash to the version it claims, or it is thrown away.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from judge.errors import CorruptVersion
from judge.format.content import problem_files, tree_hash


def pack(directory: Path) -> bytes:
    buffer = io.BytesIO()
    # mtime=0 in the gzip header too: the same files give the same bytes.
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as compressed, \
            tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for relative, path in problem_files(directory):
            data = path.read_bytes()
            info = tarfile.TarInfo(relative)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def unpack(data: bytes, version: str, destination: Path) -> Path:
    """The archive's tree at `destination`, made atomically (whole or absent); CorruptVersion unless it is
    `version`. An existing destination is taken as unpacked already."""
    destination = Path(destination)
    if destination.is_dir():
        return destination
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=destination.parent))
    try:
        found = unpacked_version(data, staging / "tree", name=version)
        if found != version:
            raise CorruptVersion(f"the archive stored as version {version} holds version {found}")
        try:
            os.rename(staging / "tree", destination)
        except OSError:  # another process unpacked it first: theirs is the same tree
            if not destination.is_dir():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return destination


def unpacked_version(data: bytes, destination: Path, name: str = "being published") -> str:
    """Unpack the archive into `destination` (a new directory) and return the version it holds.

    Written by hand rather than by extractall: only regular files and directories, each under the destination
    by a plain relative name, and nothing of the archive's modes, owners or times.
    """
    destination = Path(destination)
    destination.mkdir(parents=True)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for member in archive:
                parts = PurePosixPath(member.name).parts
                if not parts or member.name.startswith("/") or any(p in ("", ".", "..") for p in parts):
                    raise CorruptVersion(f"the archive {name} holds the path {member.name!r}")
                target = destination.joinpath(*parts)
                if member.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                elif member.isfile():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with archive.extractfile(member) as source, open(target, "xb") as sink:
                        shutil.copyfileobj(source, sink)
                else:
                    raise CorruptVersion(f"{member.name!r} in the archive {name} is not a regular file")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise CorruptVersion(f"the archive {name} cannot be read: {exc}") from None
    return tree_hash(destination)
