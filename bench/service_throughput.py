"""Throughput and latency of the judge as a service, against `judge check` run in parallel.

    python bench/service_throughput.py [--submissions 32] [--concurrency 1 8 32] [--workers 1 2]
    python bench/service_throughput.py --rush [--clients 50] [--per-client 2] [--workers 2]
    python bench/service_throughput.py --fairness [--backlog 50]

--rush: a deadline rush. Each of the clients is a student of its own; each POSTs its ndcg-at-k submissions
(53 tests each) and polls them (GET of its submission, GET of the problem list, then a think time of 0.5 to
1.5 s) while the workers judge, the clients joining over the first 5 s; a probe reads /healthz twice a second. It prints p50 and p99 per endpoint, the throughput,
and bare parallel judging on the same cores (`Judge.judge` in as many processes as workers, configured as a
worker's, with no API, queue or database) as the ceiling of that throughput, measured first on its own:
40 submissions posted at once and long-polled.

--fairness: one worker; one student queues `--backlog` ndcg-at-k submissions, then another submits one. It
prints the second's time to verdict against the time of one submission.

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
import random
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
sys.path.insert(0, str(REPO))
from tests.processes import running_postgres  # noqa: E402 - the suite's own PostgreSQL, as compose runs one

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
    def __init__(self, workdir: Path, database_url: str | None = None, **env: str):
        self.workdir = workdir
        self.processes: list[subprocess.Popen] = []
        self.redis_port, self.api_port = free_port(), free_port()
        self.env = {
            **os.environ,
            "JUDGE_DATABASE_URL": database_url or f"sqlite:///{workdir / 'judge.db'}",
            "JUDGE_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "JUDGE_ADMIN_TOKEN": "bench-admin",
            "JUDGE_PROBLEMS_DIR": str(REPO / "problems"),
            **env,
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
                # As compose.yaml runs it.
                "--http",
                "judge.api.server:TimelyHttpToolsProtocol",
                "--timeout-keep-alive",
                "5",
                "--limit-concurrency",
                "1000",
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
                        # As compose weights the worker container (512 against the service's 1024): nice 3 is
                        # a weight of 526 against 1024 for the API, the database and Redis on this host.
                        *("nice", "-n", "3"),
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


RUSH = ("ndcg-at-k", "problems/ndcg-at-k/solutions/reference.py")
# Between two polls of one client: people do not click in step, so each client thinks for a time drawn
# between these bounds (a mean of one second); they join over the first RAMP_S seconds (a load tester's spawn
# rate, 10 a second), not all in one millisecond. Seeded: every run draws the same times.
THINK_S = (0.5, 1.5)
RAMP_S = 5.0
THROUGHPUT_SUBMISSIONS = 40


def _student(stack: Stack, name: str) -> str:
    admin = {"Authorization": "Bearer bench-admin"}
    made = httpx.post(f"{stack.url}/api/v1/users", json={"name": name, "role": "student"}, headers=admin, timeout=30)
    made.raise_for_status()
    return made.json()["token"]


def _client(stack: Stack, token: str) -> httpx.Client:
    return httpx.Client(base_url=stack.url, headers={"Authorization": f"Bearer {token}"}, timeout=120)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


_BARE_JUDGE = None


def _bare_init() -> None:
    global _BARE_JUDGE
    sys.path.insert(0, str(REPO))
    from judge.core import Judge
    from judge.problems.loader import resolve_problem
    from judge.settings import Settings
    from judge.source import Source

    problem = resolve_problem(RUSH[0], REPO / "problems")
    settings = Settings()
    # Configured as a worker's judge is (a spare sandbox kept): what is left is the service's own cost.
    settings = settings.model_copy(update={"sandbox": settings.sandbox.model_copy(update={"spare": True})})
    judge = Judge(settings)
    from multiprocessing.util import Finalize

    Finalize(judge, judge.close, exitpriority=10)  # a pool's process ends without atexit: its spare removed
    _BARE_JUDGE = (judge, problem, Source((REPO / RUSH[1]).read_text(), "python"))


def _bare_one(_: int) -> str:
    judge, problem, source = _BARE_JUDGE  # type: ignore[misc]
    return judge.judge(problem, source).verdict.value


def bare_parallel(submissions: int, processes: int) -> float:
    """Submissions a second of `Judge.judge` alone, in `processes` processes: the ceiling of the service."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(processes, initializer=_bare_init) as pool:
        list(pool.map(_bare_one, range(2 * processes)))  # warm: reference outputs, imports, in each process
        start = time.perf_counter()
        verdicts = list(pool.map(_bare_one, range(submissions)))
        wall = time.perf_counter() - start
    wrong = [v for v in verdicts if v != "accepted"]
    if wrong:
        raise SystemExit(f"bare judging gave {wrong}")
    return submissions / wall


def rush(clients: int, per_client: int, workers: int) -> None:
    source = (REPO / RUSH[1]).read_text()
    timings: dict[str, list[float]] = {
        "POST /api/v1/submissions": [],
        "GET /api/v1/submissions/{id}": [],
        "GET /api/v1/problems": [],
        "GET /healthz": [],
    }
    verdict_after: list[float] = []
    lock = threading.Lock()
    done = threading.Event()

    def timed(client: httpx.Client, key: str, method: str, path: str, **kw) -> httpx.Response:
        start = time.perf_counter()
        response = client.request(method, path, **kw)
        elapsed = time.perf_counter() - start
        response.raise_for_status()
        with lock:
            timings[key].append(elapsed)
        return response

    with tempfile.TemporaryDirectory() as tmp, running_postgres() as database:
        stack = Stack(Path(tmp), database)
        try:
            stack.start()
            tokens = [_student(stack, f"rush-{n}") for n in range(clients)]
            stack.set_workers(workers)
            # Warm-up: every worker process judges and fingerprints (its pool of processes started).
            via_api(stack, tokens[0], 2 * workers, 2 * workers)
            # Throughput first, alone: every client posts at once and long-polls (no polling load). The clients
            # are made first: a load generator's set-up is not the service's work.
            throughput_n = min(clients, THROUGHPUT_SUBMISSIONS)
            clients_made = [_client(stack, token) for token in tokens]

            def post_and_wait(c: httpx.Client) -> None:
                made = c.post("/api/v1/submissions", json={"problem": RUSH[0], "source": source}).json()
                for _ in range(100):
                    if c.get(f"/api/v1/submissions/{made['id']}", params={"wait": 30}).json()["status"] == "finished":
                        return
                raise SystemExit("no verdict")

            start = time.perf_counter()
            with ThreadPoolExecutor(throughput_n) as pool:
                list(pool.map(post_and_wait, clients_made[:throughput_n]))
            service_rate = throughput_n / (time.perf_counter() - start)
            for values in timings.values():
                values.clear()

            def client_run(numbered: tuple[int, httpx.Client]) -> None:
                number, c = numbered
                think = random.Random(number)
                time.sleep(RAMP_S * number / clients)
                for _ in range(per_client):
                    posted = time.perf_counter()
                    made = timed(
                        c,
                        "POST /api/v1/submissions",
                        "POST",
                        "/api/v1/submissions",
                        json={"problem": RUSH[0], "source": source},
                    )
                    path = f"/api/v1/submissions/{made.json()['id']}"
                    for _ in range(3600):  # bounded: an hour of polls
                        view = timed(c, "GET /api/v1/submissions/{id}", "GET", path).json()
                        if view["status"] == "finished":
                            with lock:
                                verdict_after.append(time.perf_counter() - posted)
                            break
                        timed(c, "GET /api/v1/problems", "GET", "/api/v1/problems")
                        time.sleep(think.uniform(*THINK_S))

            def probe() -> None:
                with httpx.Client(base_url=stack.url, timeout=30) as c:
                    while not done.wait(0.5):
                        timed(c, "GET /healthz", "GET", "/healthz")

            prober = threading.Thread(target=probe, daemon=True)
            prober.start()
            start = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(client_run, enumerate(clients_made)))
            wall = time.perf_counter() - start
            done.set()
            prober.join()
            for made_client in clients_made:
                made_client.close()
        finally:
            stack.close()
    ceiling = bare_parallel(throughput_n, workers)
    total = clients * per_client
    print(
        f"{clients} clients, each its own student, {per_client} {RUSH[0]} submissions each; {workers} worker "
        f"processes; {os.cpu_count()} CPUs; {platform.platform()}"
    )
    print()
    print("| request | requests | p50 | p99 |")
    print("|---|---:|---:|---:|")
    for key, values in timings.items():
        print(
            f"| `{key}` | {len(values)} | {quantile(values, 0.5) * 1000:.0f} ms | {quantile(values, 0.99) * 1000:.0f} ms |"
        )
    print()
    print("| throughput | submissions/s |")
    print("|---|---:|")
    print(f"| the service, {throughput_n} submissions posted at once, long-polled | {service_rate:.3f} |")
    print(f"| bare parallel judging, the same {throughput_n} (`Judge.judge` in {workers} processes) | {ceiling:.3f} |")
    print(f"| the service / bare | {service_rate / ceiling:.0%} |")
    print(f"| the service during the rush above ({total} submissions, polled every second) | {total / wall:.3f} |")
    print()
    print(f"median time from POST to verdict: {statistics.median(verdict_after):.1f} s")


def fairness(backlog: int) -> None:
    source = (REPO / RUSH[1]).read_text()
    with tempfile.TemporaryDirectory() as tmp, running_postgres() as database:
        # The heavy user's backlog is past the default quotas (10 pending, 20 a minute), which would refuse it.
        stack = Stack(
            Path(tmp),
            database,
            JUDGE_MAX_PENDING_SUBMISSIONS=str(backlog + 5),
            JUDGE_SUBMISSIONS_PER_MINUTE=str(backlog + 5),
        )
        try:
            stack.start()
            heavy, light = _student(stack, "heavy"), _student(stack, "light")
            stack.set_workers(1)
            via_api(stack, light, 2, 1)  # warm-up
            one = statistics.median(_time_one(stack, light, source) for _ in range(3))
            with httpx.Client(base_url=stack.url, headers={"Authorization": f"Bearer {heavy}"}, timeout=60) as c:
                ids = [
                    c.post("/api/v1/submissions", json={"problem": RUSH[0], "source": source}).json()["id"]
                    for _ in range(backlog)
                ]
            took = _time_one(stack, light, source)
            with httpx.Client(base_url=stack.url, headers={"Authorization": f"Bearer {heavy}"}, timeout=60) as c:
                left = sum(c.get(f"/api/v1/submissions/{i}").json()["status"] != "finished" for i in ids)
        finally:
            stack.close()
    print(f"1 worker process; a student queued {backlog} {RUSH[0]} submissions, then another submitted one")
    print()
    print("| | seconds |")
    print("|---|---:|")
    print(f"| one submission alone, POST to verdict (median of 3) | {one:.2f} |")
    print(f"| the second student's, behind the backlog | {took:.2f} |")
    print(f"| the bound: one submission per active user (1), plus its own | {2 * one:.2f} |")
    print()
    print(f"the backlog's submissions still waiting when it finished: {left} of {backlog}")


def _time_one(stack: Stack, token: str, source: str) -> float:
    with httpx.Client(base_url=stack.url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as c:
        start = time.perf_counter()
        made = c.post("/api/v1/submissions", json={"problem": RUSH[0], "source": source}).json()
        for _ in range(100):
            if c.get(f"/api/v1/submissions/{made['id']}", params={"wait": 30}).json()["status"] == "finished":
                return time.perf_counter() - start
    raise SystemExit("no verdict")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=32)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rush", action="store_true", help="the deadline rush: latency per endpoint while judging")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=2)
    parser.add_argument("--fairness", action="store_true", help="a light user behind a heavy user's backlog")
    parser.add_argument("--backlog", type=int, default=50)
    args = parser.parse_args()
    if args.rush:
        return rush(args.clients, args.per_client, max(args.workers))
    if args.fairness:
        return fairness(args.backlog)
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
