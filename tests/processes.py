"""Real processes for the service tests: free ports, waiting, a Redis of our own, and process groups."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import IN_CI, REPO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float, what: str, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A process in its own group (so that stop() takes its children too), logging to `log`."""
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM to its group, then SIGKILL if it has not ended within `timeout`."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def running_redis():
    """A redis-server of our own on a free port, without persistence; yields its URL."""
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (scripts/setup.sh installs it)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"

    def pings() -> bool:
        try:
            return redis.Redis.from_url(url, socket_timeout=0.5).ping()
        except redis.exceptions.ConnectionError:
            return False

    try:
        wait_until(pings, 10, "redis-server to start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def running_postgres():
    """A PostgreSQL server of our own on a free port, as root runs it here (scripts/setup.sh installs it);
    yields its SQLAlchemy URL, to a database named judge."""
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not binaries or shutil.which("runuser") is None:
        message = "PostgreSQL is not installed (scripts/setup.sh installs it)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    bin_dir, port = binaries[-1], free_port()
    # Not under pytest's temporary tree: that is readable by root only, and the server runs as postgres.
    data = Path(tempfile.mkdtemp(prefix="judge-pg-"))
    shutil.chown(data, "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_postgres, f"{bin_dir}/initdb", "-D", str(data / "db"), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    server = [*as_postgres, f"{bin_dir}/pg_ctl", "-D", str(data / "db")]
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1"
    subprocess.run([*server, "-l", str(data / "log"), "-w", "start", "-o", options], check=True, capture_output=True)
    try:
        subprocess.run([*as_postgres, f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "judge"], check=True)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/judge"
    finally:
        subprocess.run([*server, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(data, ignore_errors=True)
