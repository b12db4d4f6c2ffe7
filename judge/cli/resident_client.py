"""`judge check`'s way to a resident judge (`judge resident`, judge.cli.resident): the command's own process
hands its arguments to a long-lived local process that has imported the judge, keeps a spare sandbox and the
problems it loaded, and prints what that process printed, with its exit code.

Only the standard library is imported here, before anything else of the judge: Python's start-up and this
module are all a handed-over check pays for itself. Whenever the resident judge cannot be trusted to do what
this process would have done, the check runs here instead, as it always did:
- there is no socket, or it is not this user's (the socket, and the directory it is in, must be owned by this
  user and closed to everyone else: another user's process could answer with any verdict);
- the judge's code changed since the resident judge started (it stops then), or this process's environment
  (JUDGE_* and DOCKER_*: the settings) is not the one it started with;
- it does not answer, or its answer is not the protocol's.
JUDGE_RESIDENT=off always runs the check here.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import stat
import sys
from pathlib import Path

PROTOCOL = 1
MAX_REPLY_BYTES = 16 * 1024 * 1024  # a report of every test of the largest problem fits many times over
CONNECT_TIMEOUT_S = 1.0
REPLY_TIMEOUT_S = 3600.0  # the job's own limits bound the judging; this bounds a resident judge that hangs
PACKAGE = Path(__file__).resolve().parents[1]


def socket_path() -> Path | None:
    """Where the resident judge listens; None if JUDGE_RESIDENT=off."""
    if os.environ.get("JUDGE_RESIDENT", "").lower() in ("off", "0", "no", "false"):
        return None
    explicit = os.environ.get("JUDGE_RESIDENT_SOCKET")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_RUNTIME_DIR") or str(Path.home() / ".cache")
    return Path(base) / "judge" / "resident.sock"


def code_stamp() -> str:
    """The judge's code as this process would run it: every module's path, size and modification time."""
    digest = hashlib.blake2b(digest_size=16)
    for directory, names, files in os.walk(PACKAGE):
        names[:] = sorted(n for n in names if n not in ("__pycache__", "node_modules", "frontend"))
        for name in sorted(files):
            if name.endswith((".py", ".j2", ".html", ".sql", ".yaml")):
                path = os.path.join(directory, name)
                info = os.stat(path)
                digest.update(f"{os.path.relpath(path, PACKAGE)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def environment_stamp() -> str:
    """The settings this process would read: JUDGE_* and DOCKER_* (the resident judge's own socket aside)."""
    kept = sorted(
        (k, v)
        for k, v in os.environ.items()
        if k.startswith(("JUDGE_", "DOCKER_")) and k not in ("JUDGE_RESIDENT", "JUDGE_RESIDENT_SOCKET")
    )
    return hashlib.blake2b(json.dumps(kept).encode(), digest_size=16).hexdigest()


def private(path: Path) -> bool:
    """Whether the socket and its directory are this user's alone."""
    try:
        folder, sock = os.stat(path.parent), os.stat(path)
    except OSError:
        return False
    uid = os.getuid()
    return (
        stat.S_ISSOCK(sock.st_mode)
        and sock.st_uid == uid
        and folder.st_uid == uid
        and not folder.st_mode & 0o077
        and not sock.st_mode & 0o077
    )


def hand_over(argv: list[str]) -> int | None:
    """Run `judge check <argv>` in the resident judge and print what it printed: its exit code, or None if
    the check must run here (see the module's docstring)."""
    path = socket_path()
    if path is None or not private(path):
        return None
    request = {
        "protocol": PROTOCOL,
        "argv": argv,
        "cwd": os.getcwd(),
        "code": code_stamp(),
        "environment": environment_stamp(),
        "terminal": sys.stdout.isatty(),
        "columns": os.environ.get("COLUMNS"),
    }
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(CONNECT_TIMEOUT_S)
            connection.connect(str(path))
            connection.settimeout(REPLY_TIMEOUT_S)
            connection.sendall(json.dumps(request).encode() + b"\n")
            connection.shutdown(socket.SHUT_WR)
            reply = read_all(connection, MAX_REPLY_BYTES)
    except OSError:
        return None
    answer = parse_reply(reply)
    if answer is None:
        return None
    sys.stdout.write(answer["stdout"])
    sys.stdout.flush()
    sys.stderr.write(answer["stderr"])
    sys.stderr.flush()
    return int(answer["exit"])


def read_all(connection: socket.socket, limit: int) -> bytes:
    """Everything the other side sends until it closes its side, at most `limit` bytes (else OSError)."""
    chunks, size = [], 0
    while chunk := connection.recv(65536):
        size += len(chunk)
        if size > limit:
            raise OSError(f"more than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_reply(reply: bytes) -> dict | None:
    """The resident judge's answer, checked: stdout and stderr text and an exit code; None if it refused or
    sent anything else."""
    try:
        answer = json.loads(reply)
    except ValueError:
        return None
    if not isinstance(answer, dict) or answer.get("protocol") != PROTOCOL or "refused" in answer:
        return None
    out, err, code = answer.get("stdout"), answer.get("stderr"), answer.get("exit")
    if not isinstance(out, str) or not isinstance(err, str) or type(code) is not int or not 0 <= code <= 255:
        return None
    return answer
