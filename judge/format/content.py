"""A problem directory's content: which files make it up, and the hash that names a version of it.

The hash covers each file's path and bytes, each prefixed by its length (so that no two different trees can
run together into the same stream). Byte-code caches and hidden files (an editor's swap file, .DS_Store) are
not part of a problem, and are neither hashed nor published.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

HASH_CHARS = 32  # 128 bits of SHA-256: a version's name, shown shortened to 12


def problem_files(directory: Path) -> list[tuple[str, Path]]:
    """(path relative to the directory, in POSIX form; the path) of every file of the problem, sorted."""
    directory = Path(directory)
    files = []
    for path in directory.rglob("*"):
        relative = path.relative_to(directory)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts) or path.suffix == ".pyc":
            continue
        if path.is_file():
            files.append((relative.as_posix(), path))
    return sorted(files)


def tree_hash(directory: Path) -> str:
    digest = hashlib.sha256()
    for relative, path in problem_files(directory):
        name, data = relative.encode("utf-8"), path.read_bytes()
        for chunk in (name, data):
            digest.update(len(chunk).to_bytes(8, "big"))
            digest.update(chunk)
    return digest.hexdigest()[:HASH_CHARS]
