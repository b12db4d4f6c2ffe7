"""The container's walls, observed from inside by a probing submission."""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

from judge.grading import build_job
from judge.sandbox.job import JobTest
from judge.source import Source

pytestmark = pytest.mark.sandbox

PROBE = textwrap.dedent("""
    import ctypes, os, signal, socket, subprocess

    def attempt(action):
        try:
            action()
            return "allowed"
        except Exception as exc:
            return type(exc).__name__

    def status(field):
        with open("/proc/self/status") as handle:
            return next(line.split(":", 1)[1].strip() for line in handle if line.startswith(field + ":"))

    def connect(host):
        with socket.create_connection((host, 53), timeout=2):
            pass

    def write(path, megabytes=0):
        with open(path, "wb") as handle:
            handle.write(b"x")
            for _ in range(megabytes):
                handle.write(b"x" * 1024 * 1024)
                handle.flush()

    def fork_many():
        children = [subprocess.Popen(["sleep", "5"]) for _ in range(200)]
        for child in children:
            child.kill()

    def read_supervisor_fds():
        os.listdir("/proc/1/fd")

    def reset_peak_memory():
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")

    def become_dumpable():
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(4, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")

    def cgroup_cpu():
        for path in ("/sys/fs/cgroup/cpu.weight", "/sys/fs/cgroup/cpu/cpu.shares", "/sys/fs/cgroup/cpu,cpuacct/cpu.shares"):
            if os.path.exists(path):
                with open(path) as handle:
                    return [path.rsplit("/", 1)[1], int(handle.read())]
        return None

    def solve(a, b):
        if a != "probe":
            return a + b
        return {
            "uid": os.getuid(),
            "cap_eff": status("CapEff"),
            "no_new_privs": status("NoNewPrivs"),
            "network_public": attempt(lambda: connect("1.1.1.1")),
            "network_dns": attempt(lambda: socket.getaddrinfo("pypi.org", 443)),
            "interfaces": sorted(os.listdir("/sys/class/net")),
            "write_root": attempt(lambda: write("/usr/probe")),
            "write_box": attempt(lambda: write("/box/probe")),
            "write_tmp": attempt(lambda: write("/tmp/probe")),
            "fill_tmp": attempt(lambda: write("/tmp/fill", 200)),
            "many_processes": attempt(fork_many),
            "supervisor_fds": attempt(read_supervisor_fds),
            "kill_supervisor": attempt(lambda: os.kill(1, 9)),
            "interrupt_supervisor": attempt(lambda: os.kill(1, signal.SIGINT)),
            "fork": attempt(os.fork),
            "exec": attempt(lambda: os.execv("/bin/true", ["true"])),
            "reset_peak_memory": attempt(reset_peak_memory),
            "become_dumpable": attempt(become_dumpable),
            "cpu": cgroup_cpu(),
        }
""")


def probe_job(problem):
    """The probe as a job of one test, which asks it to look around."""
    job = build_job(problem, Source(PROBE, "python"))
    probe_input = {"input.json": b'{"args": ["probe", 0]}'}
    return dataclasses.replace(job, tests=(JobTest("examples", False, probe_input),))


@pytest.fixture(scope="module")
def observations(judge, load_fixture):
    report = judge.sandbox.run(probe_job(load_fixture("add-canary")))
    assert report.tests[0] is not None and report.tests[0].status == "ok", report
    return report.tests[0].output


# What the probe must see from inside; a spare container must see the same (test_spare.py).
EXPECTED = [
    ("uid", 10001),
    ("cap_eff", "0000000000000000"),
    ("no_new_privs", "1"),
    ("network_public", "OSError"),
    ("network_dns", "gaierror"),
    ("interfaces", ["lo"]),
    ("write_root", "OSError"),
    ("write_box", "PermissionError"),
    ("write_tmp", "allowed"),
    ("fill_tmp", "OSError"),
    # The child holding the submission can start no process (judgebox.seccomp): work there would escape the
    # supervisor's CPU and memory figures (finding 1).
    ("many_processes", "PermissionError"),
    ("fork", "PermissionError"),
    ("exec", "PermissionError"),
    # It is non-dumpable and must stay so: its peak memory is read from /proc, and could otherwise be reset.
    ("reset_peak_memory", "PermissionError"),
    ("become_dumpable", "PermissionError"),
    ("supervisor_fds", "PermissionError"),
]


@pytest.mark.parametrize("key, expected", EXPECTED)
def test_the_sandbox_is_locked_down(observations, key, expected):
    assert observations[key] == expected, observations


def test_the_sandbox_has_a_lower_cpu_weight_than_the_service(observations, settings):
    shares = settings.sandbox.cpu_shares
    assert shares < 1024  # Docker's default, which the API, the database and the broker keep
    # cgroup v1 shows the shares; v2 their weight, as runc converts them.
    assert observations["cpu"] in (["cpu.shares", shares], ["cpu.weight", 1 + (shares - 2) * 9999 // 262142])


def test_the_supervisor_survives_a_kill_from_the_submission(observations):
    # The kill is delivered to nothing: PID 1 ignores signals it has no handler for,
    # and the report still arrived, which is what the fixture asserts.
    assert observations["kill_supervisor"] == "allowed"


def test_an_interrupt_sent_to_the_supervisor_does_nothing(observations):
    # PID 1 keeps no handler, not even Python's for SIGINT: before, this raised KeyboardInterrupt in the runner
    # and its traceback reached the candidate (finding 5). The report arrived, so the runner went on.
    assert observations["interrupt_supervisor"] == "allowed"
