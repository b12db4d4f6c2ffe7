"""Throughput and latency of the judge as a service, against `judge check` run in parallel.

    python bench/service_throughput.py [--submissions 32] [--concurrency 1 8 32] [--workers 1 2]

Starts its own Redis, API (uvicorn) and Celery workers (solo pool, one process
each) on a fresh SQLite database, creates a user, and for each number of
workers and each concurrency submits the same mix of reference solutions
over HTTP: each client thread POSTs, then long-polls until the verdict.
Latency is from the POST to the client seeing the verdict. In the same run,
the same submissions go through `judge check` processes, as many at a time
as the concurrency.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
MIX = [
    ("ndcg-at-k", "problems/ndcg-at-k/solutions/reference.py"),
    ("third-unique-song", "problems/third-unique-song/solutions/reference.sql"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


class Stack:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.processes: list[subprocess.Popen] = []
        self.redis_port, self.api_port = free_port(), free_port()
        self.env = {
            **os.environ,
            "JUDGE_DATABASE_URL": f"sqlite:///{workdir / 'judge.db'}",
            "JUDGE_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "JUDGE_ADMIN_TOKEN": "bench-admin",
            "JUDGE_PROBLEMS_DIR": str(REPO / "problems"),
        }
        self.url = f"http://127.0.0.1:{self.api_port}"
        self.workers: list[subprocess.Popen] = []

    def spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "wb")
        process = subprocess.Popen(
            command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def start(self) -> None:
        self.spawn(
            "redis", [shutil.which("redis-server"), "--port", str(self.redis_port), "--save", "", "--appendonly", "no"]
        )
        subprocess.run(
            [sys.executable, "-m", "judge.cli", "db", "upgrade"], env=self.env, check=True, capture_output=True
        )
        self.spawn(
            "api",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "judge.api.app:create_app",
                "--factory",
                "--port",
                str(self.api_port),
                "--log-level",
                "warning",
            ],
        )
        wait_for(lambda: httpx.get(f"{self.url}/healthz").status_code == 200, 60, "the API")

    def set_workers(self, count: int) -> None:
        while len(self.workers) > count:
            self.stop(self.workers.pop())
        while len(self.workers) < count:
            index = len(self.workers)
            beat = ["-B", "-s", str(self.workdir / "beat")] if index == 0 else []
            self.workers.append(
                self.spawn(
                    f"worker{index}",
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "judge.worker.celery_app",
                        "worker",
                        "--pool=solo",
                        "--loglevel=WARNING",
                        "-n",
                        f"bench{index}@%h",
                        *beat,
                    ],
                )
            )
        time.sleep(4)  # let them connect and warm up

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def close(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)


def via_api(stack: Stack, token: str, submissions: int, concurrency: int) -> tuple[float, list[float], list[str]]:
    headers = {"Authorization": f"Bearer {token}"}
    sources = [(slug, (REPO / path).read_text()) for slug, path in MIX]
    latencies: list[float] = []
    verdicts: list[str] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        slug, source = sources[index % len(sources)]
        with httpx.Client(base_url=stack.url, headers=headers, timeout=120) as client:
            start = time.perf_counter()
            created = client.post("/api/v1/submissions", json={"problem": slug, "source": source})
            created.raise_for_status()
            while True:
                view = client.get(f"/api/v1/submissions/{created.json()['id']}", params={"wait": 30}).json()
                if view["status"] == "finished":
                    break
            with lock:
                latencies.append(time.perf_counter() - start)
                verdicts.append(view["verdict"])

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(submissions)))
    return time.perf_counter() - start, latencies, verdicts


def via_check(submissions: int, concurrency: int, env: dict) -> tuple[float, list[float], list[str]]:
    latencies: list[float] = []
    verdicts: list[str] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        slug, path = MIX[index % len(MIX)]
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "judge.cli", "check", slug, str(REPO / path), "--json"],
            env=env,
            capture_output=True,
            text=True,
        )
        try:
            verdict = json.loads(done.stdout)["verdict"]
        except ValueError:
            raise SystemExit(f"judge check failed ({done.returncode}): {done.stderr[-2000:]}") from None
        with lock:
            latencies.append(time.perf_counter() - start)
            verdicts.append(verdict)

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(submissions)))
    return time.perf_counter() - start, latencies, verdicts


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def row(label: str, concurrency: int, wall: float, latencies: list[float], verdicts: list[str]) -> str:
    """A table row; the submissions are all reference solutions, so anything but accepted is a wrong verdict."""
    wrong = Counter(v for v in verdicts if v != "accepted")
    line = (
        f"| {label} | {concurrency} | {len(latencies) / wall:.2f} | {statistics.median(latencies):.2f} s | "
        f"{p95(latencies):.2f} s | {', '.join(f'{n} {v}' for v, n in wrong.items()) or 'none'} |"
    )
    print(line, file=sys.stderr, flush=True)  # progress: the tables come at the end
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=32)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    rows, ratios = [], []
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(Path(tmp))
        try:
            stack.start()
            admin = {"Authorization": "Bearer bench-admin"}
            token = httpx.post(
                f"{stack.url}/api/v1/users", json={"name": "bench", "role": "student"}, headers=admin
            ).json()["token"]
            # Derive and cache reference outputs first, so no measurement pays for them.
            via_check(len(MIX), 1, stack.env)
            for workers in args.workers:
                stack.set_workers(workers)
                via_api(stack, token, len(MIX), 1)  # warm-up: problems loaded in every process
                for concurrency in args.concurrency:
                    wall, latencies, verdicts = via_api(stack, token, args.submissions, concurrency)
                    rows.append(
                        row(
                            f"API, {workers} worker process{'es' if workers > 1 else ''}",
                            concurrency,
                            wall,
                            latencies,
                            verdicts,
                        )
                    )
                    ratios.append((workers, concurrency, args.submissions / wall))
            for concurrency in args.concurrency:
                wall, latencies, verdicts = via_check(args.submissions, concurrency, stack.env)
                rows.append(row("`judge check` in parallel", concurrency, wall, latencies, verdicts))
                ratios.append(("check", concurrency, args.submissions / wall))
        finally:
            stack.close()
    print(
        f"{args.submissions} submissions per row, alternating {', '.join(s for s, _ in MIX)} references; "
        f"{os.cpu_count()} CPUs; {platform.platform()}"
    )
    print()
    print("| path | concurrency | submissions/s | p50 latency | p95 latency | not accepted |")
    print("|---|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    check = {c: t for w, c, t in ratios if w == "check"}
    print()
    print("| workers | concurrency | API throughput / `judge check` throughput |")
    print("|---:|---:|---:|")
    for workers, concurrency, throughput in ratios:
        if workers != "check":
            print(f"| {workers} | {concurrency} | {throughput / check[concurrency]:.2f} |")


if __name__ == "__main__":
    main()
