"""`judge resident`: `judge check` handed to a long-lived local judge, through the real command line, socket and
sandbox; and the client's refusals, which make the check run in its own process as before."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from judge.cli import resident_client
from tests.conftest import FIXTURES

ADD = FIXTURES / "add-canary"


def _env(settings, sock: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "JUDGE_CACHE_DIR": str(settings.cache_dir),
        "JUDGE_PROBLEMS_DIR": str(FIXTURES),
        "JUDGE_RESIDENT_SOCKET": str(sock),
        "COLUMNS": "200",
        **extra,
    }


def _check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "judge.cli", "check", *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def resident(settings, tmp_path):
    sock = tmp_path / "run" / "resident.sock"
    env = _env(settings, sock)
    log = tmp_path / "resident.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "judge.cli", "resident", "--idle", "120"], env=env, stdout=out, stderr=out
        )
    deadline = time.monotonic() + 60
    while not sock.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
    assert sock.exists(), log.read_text()
    yield env, sock, log, process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _verdicts(output: str) -> tuple[str, list[tuple[str, str]]]:
    result = json.loads(output)
    return result["verdict"], [(t["name"], t["verdict"]) for t in result["tests"]]


@pytest.mark.sandbox
def test_a_check_handed_to_the_resident_judge_prints_and_exits_as_its_own_process_would(docker_ready, resident):
    env, sock, log, process = resident
    local = {**env, "JUDGE_RESIDENT": "off"}
    for solution, code in (("reference.py", 0), ("wrong.py", 1)):
        handed = _check(env, "add-canary", str(ADD / "solutions" / solution), "--json")
        alone = _check(local, "add-canary", str(ADD / "solutions" / solution), "--json")
        assert (handed.returncode, alone.returncode) == (code, code), handed.stderr + alone.stderr
        assert _verdicts(handed.stdout) == _verdicts(alone.stdout)
    table = _check(env, str(ADD), str(ADD / "solutions" / "wrong.py"))  # a relative problem path, a table
    assert table.returncode == 1 and "wrong_answer" in table.stdout
    missing = _check(env, "no-such-problem", str(ADD / "solutions" / "reference.py"))
    assert missing.returncode == 2 and "no-such-problem" in missing.stderr
    served = [line for line in log.read_text().splitlines() if line.startswith("checked ")]
    assert len(served) == 4, log.read_text()  # all four went to the resident judge
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    assert not sock.exists()  # and it cleaned up after itself
    import docker

    from judge.sandbox.containers import OWNER_LABEL

    owned = docker.from_env().containers.list(all=True, filters={"label": OWNER_LABEL})
    assert not [c for c in owned if c.labels[OWNER_LABEL].endswith(f":{process.pid}")]  # its spare too


@pytest.mark.sandbox
def test_another_environment_is_refused_and_the_check_runs_in_its_own_process(docker_ready, resident):
    env, _, log, _ = resident
    other = {**env, "JUDGE_LOG_FORMAT": "json"}  # a setting the resident judge did not start with
    done = _check(other, "add-canary", str(ADD / "solutions" / "reference.py"), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["verdict"] == "accepted"
    assert "refused: another environment" in log.read_text()
    assert not [line for line in log.read_text().splitlines() if line.startswith("checked ")]


@pytest.mark.sandbox
def test_code_changed_since_it_started_stops_the_resident_judge(docker_ready, resident):
    env, sock, log, process = resident
    request = {
        "protocol": resident_client.PROTOCOL,
        "argv": ["add-canary", str(ADD / "solutions" / "reference.py")],
        "cwd": os.getcwd(),
        "code": "not-the-code-it-runs",
        "environment": "",
    }
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(str(sock))
        connection.sendall(json.dumps(request).encode())
        connection.shutdown(socket.SHUT_WR)
        reply = resident_client.read_all(connection, resident_client.MAX_REPLY_BYTES)
    assert resident_client.parse_reply(reply) is None and b"refused" in reply
    process.wait(timeout=30)  # it stopped: stale
    assert not sock.exists()


def test_a_socket_that_is_not_this_users_alone_is_not_used(tmp_path, monkeypatch):
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    sock = folder / "resident.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(sock))
    try:
        os.chmod(sock, 0o600)
        assert resident_client.private(sock)
        os.chmod(folder, 0o755)  # others may reach it: another user's process could answer in its place
        assert not resident_client.private(sock)
        os.chmod(folder, 0o700)
        os.chmod(sock, 0o666)
        assert not resident_client.private(sock)
        os.chmod(sock, 0o600)
        if os.getuid() == 0:
            os.chown(sock, 65534, -1)  # owned by someone else
            assert not resident_client.private(sock)
        monkeypatch.setenv("JUDGE_RESIDENT_SOCKET", str(sock))
        assert resident_client.hand_over(["x", "y"]) is None  # nothing answers: the check runs here
        monkeypatch.setenv("JUDGE_RESIDENT", "off")
        assert resident_client.socket_path() is None
    finally:
        listener.close()


@pytest.mark.parametrize(
    "reply",
    [
        b"",
        b"not json",
        b"[]",
        json.dumps({"protocol": 1, "refused": "no"}).encode(),
        json.dumps({"protocol": 2, "stdout": "", "stderr": "", "exit": 0}).encode(),
        json.dumps({"protocol": 1, "stdout": 1, "stderr": "", "exit": 0}).encode(),
        json.dumps({"protocol": 1, "stdout": "", "stderr": "", "exit": 256}).encode(),
        json.dumps({"protocol": 1, "stdout": "", "stderr": "", "exit": True}).encode(),
        json.dumps({"protocol": 1, "stdout": "", "stderr": ""}).encode(),
    ],
)
def test_a_reply_that_is_not_the_protocols_makes_the_check_run_here(reply):
    assert resident_client.parse_reply(reply) is None


def test_a_well_formed_reply_is_taken():
    reply = json.dumps({"protocol": 1, "stdout": "verdict: accepted\n", "stderr": "", "exit": 0}).encode()
    assert resident_client.parse_reply(reply) == {
        "protocol": 1,
        "stdout": "verdict: accepted\n",
        "stderr": "",
        "exit": 0,
    }
