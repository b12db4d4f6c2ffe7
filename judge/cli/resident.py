"""`judge resident`: a long-lived local process that `judge check` hands its work to (judge.cli.resident_client).

A one-off `judge check` pays Python's imports and a container made for it on every run; this process pays
them once, and keeps for the next check a spare sandbox (judge.sandbox.docker_sandbox, used once and removed,
as in a worker) and the problems it loaded (by their content hash, so an edited problem is loaded again).
Each check still runs in a fresh container of its own, exactly as a one-off check would.

Invariants:
- It answers only its own user: the socket is in a directory only that user can enter, with mode 0600, and
  each connection's peer (SO_PEERCRED) must be that user. The client checks the same from its side.
- It runs exactly the `check` command a one-off process would run, in the client's working directory, and
  returns what it printed and its exit code. It refuses (the client then runs the check itself) when the
  client's environment is not its own, and stops when the judge's code changed since it started.
- One check at a time, in its main thread, so that the command's signal handling and working directory are
  its own; others wait on the socket. A request is at most MAX_REQUEST_BYTES and must arrive within
  REQUEST_TIMEOUT_S. It stops after `idle_s` without a check, removing its spare and its socket.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import socket
import struct
import sys
import time
from pathlib import Path
from typing import Any

from judge.cli import resident_client

log = logging.getLogger(__name__)
MAX_REQUEST_BYTES = 1024 * 1024
REQUEST_TIMEOUT_S = 5.0
LOADED_PROBLEMS = 32

# Set while this process is the resident judge: `check` takes its judge and problems from here.
JUDGE: Any = None
_problems: Any = None


def resolve(problem: str, problems_dir: Path) -> Any:
    """The problem as judge.problems.loader.resolve_problem gives it; in the resident judge, loaded once per
    content hash of its directory."""
    from judge.problems.loader import resolve_problem

    if _problems is None:
        return resolve_problem(problem, problems_dir)
    from judge.format.content import tree_hash
    from judge.problems.loader import problem_directory

    directory = problem_directory(problem, problems_dir)
    key = (str(directory.resolve()), tree_hash(directory))
    return _problems.get_or_make(key, lambda: resolve_problem(problem, problems_dir))


def serve(idle_s: float, command: Any) -> int:
    """Listen until idle for idle_s seconds or stopped, running each check with `command` (the `judge`
    command's Typer app); 0, or 1 if another resident judge is running."""
    global JUDGE, _problems
    from judge.core import Judge
    from judge.lru import LRU
    from judge.settings import Settings

    path = resident_client.socket_path()
    if path is None:
        print("JUDGE_RESIDENT is off: checks run in their own processes", file=sys.stderr)
        return 1
    listener = _listen(path)
    if listener is None:
        print(f"a resident judge already answers on {path}", file=sys.stderr)
        return 1
    settings = Settings()
    settings = settings.model_copy(update={"sandbox": settings.sandbox.model_copy(update={"spare": True})})
    JUDGE, _problems = Judge(settings), LRU(LOADED_PROBLEMS)
    code, environment = resident_client.code_stamp(), resident_client.environment_stamp()
    print(f"judge resident: answering `judge check` on {path}; stops after {idle_s:.0f} s idle", file=sys.stderr)
    try:
        listener.settimeout(idle_s)
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                return 0
            with connection:
                if not _handle(connection, command, code, environment):
                    return 0  # the judge's code changed: this process is stale
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            path.unlink()
        JUDGE.close()
        JUDGE = _problems = None


def _listen(path: Path) -> socket.socket | None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    if path.exists():
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(str(path))
                return None  # one is running
            except OSError:
                path.unlink()  # left by one that died
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        listener.bind(str(path))
    finally:
        os.umask(old)
    listener.listen(16)
    return listener


def _peer_uid(connection: socket.socket) -> int:
    raw = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return int(struct.unpack("3i", raw)[1])


def _handle(connection: socket.socket, command: Any, code: str, environment: str) -> bool:
    """Answer one request; False if this process should stop (its code is stale)."""
    try:
        if _peer_uid(connection) != os.getuid():
            return True  # not this user's: no answer at all
        connection.settimeout(REQUEST_TIMEOUT_S)
        request = _read_request(connection)
    except (OSError, ValueError):
        return True
    if request.get("code") != code:
        _refuse(connection, "the judge's code changed since this resident judge started: stopping")
        return False
    if request.get("environment") != environment:
        _refuse(connection, "another environment than this resident judge's: the check runs in its own process")
        return True
    argv, cwd = request.get("argv"), request.get("cwd")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv) or not isinstance(cwd, str):
        _refuse(connection, "not a check request")
        return True
    started = time.monotonic()
    answer = _check(command, argv, cwd, bool(request.get("terminal")), request.get("columns"))
    _reply(connection, answer)
    print(f"checked {' '.join(argv)}: exit {answer['exit']} in {time.monotonic() - started:.3f} s", file=sys.stderr)
    return True


def _read_request(connection: socket.socket) -> dict[str, Any]:
    request = json.loads(resident_client.read_all(connection, MAX_REQUEST_BYTES))
    if not isinstance(request, dict) or request.get("protocol") != resident_client.PROTOCOL:
        raise ValueError("not the protocol")
    return request


def _refuse(connection: socket.socket, reason: str) -> None:
    _reply(connection, {"refused": reason})
    print(f"refused: {reason}", file=sys.stderr)


def _reply(connection: socket.socket, body: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):
        connection.sendall(json.dumps({"protocol": resident_client.PROTOCOL, **body}).encode())


def _check(command: Any, argv: list[str], cwd: str, terminal: bool, columns: Any) -> dict[str, Any]:
    """`judge check <argv>` run here as the client's process would have run it, and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    shown = {"FORCE_COLOR": "1"} if terminal else {}
    if isinstance(columns, str) and columns.isdigit():
        shown["COLUMNS"] = columns
    saved_env = {k: os.environ.get(k) for k in ("FORCE_COLOR", "COLUMNS")}
    here = os.getcwd()
    code = 0
    try:
        os.chdir(cwd)
        os.environ.update(shown)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                command(args=["check", *argv], prog_name="judge")
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except OSError as exc:  # the client's directory is gone
        return {"stdout": "", "stderr": f"error: {exc}\n", "exit": 2}
    finally:
        os.chdir(here)
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return {"stdout": out.getvalue(), "stderr": err.getvalue(), "exit": max(0, min(255, code))}
