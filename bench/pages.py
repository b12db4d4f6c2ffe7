"""The web pages' budgets, measured in Debian's Chromium against the API under uvicorn.

    python bench/pages.py [--students 200] [--problems 20] [--repeat 15]

Starts the API on a fresh SQLite database with the whole bank published (no worker: nothing is judged), makes
a course of --students students and --problems problem columns (assignments of five problems each, taken from
the bank in turn), and stores a finished submission with a result for every student and column, as a cohort
at the end of a term would have. Then, in a browser that blocks every request off the server's origin:

- the problem page (ndcg-at-k, with its editor): first contentful paint, and the bytes transferred (the
  compressed size of the page and of everything it loaded);
- every other page a student and a member of staff open: the JavaScript it loads, compressed;
- the gradebook page's server time (the response's arrival after the request was sent), --repeat times.

The budgets (issue 22): first paint under 200 ms and under 200 KB transferred for the problem page; under 30 KB
of JavaScript on every other page; the gradebook under 300 ms for 200 students × 20 problems.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
ADMIN = "bench-pages-admin-token"
PASSWORD = "bench-pages-password"
BUDGETS = {"paint_ms": 200, "problem_kb": 200, "other_js_kb": 30, "gradebook_ms": 300}


def start_api(work: Path) -> tuple[subprocess.Popen, str]:
    from tests.conftest import publish_first
    from tests.processes import free_port, wait_until

    database = f"sqlite:///{work / 'judge.db'}"
    publish_first(database, REPO / "problems")
    port = free_port()
    env = {
        **os.environ,
        "JUDGE_DATABASE_URL": database,
        "JUDGE_PROBLEMS_DIR": str(REPO / "problems"),
        "JUDGE_ADMIN_TOKEN": ADMIN,
        "JUDGE_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0",
        "JUDGE_RATE_LIMIT_STORAGE": "memory://",
        "JUDGE_SUBMISSIONS_PER_MINUTE": "100000",
    }
    log = open(work / "api.log", "w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "judge.api.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def answering() -> bool:
        try:
            return httpx.get(f"{url}/healthz", timeout=5).status_code in (200, 503)
        except httpx.HTTPError:
            return process.poll() is not None

    wait_until(answering, 120, "the API")
    assert process.poll() is None, (work / "api.log").read_text()
    return process, url


def populate(url: str, database: str, students: int, columns: int) -> str:
    """A course of `students` students and `columns` problem columns, every cell with a finished attempt."""
    from sqlalchemy import select

    from judge.db.models import Assignment, Course, Submission, SubmissionResultRow, User
    from judge.db.session import make_engine, make_sessionmaker
    from judge.verdicts import Status

    admin = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {ADMIN}"}, timeout=120)
    assert admin.put("/api/v1/users/admin/password", json={"password": PASSWORD}).status_code == 204
    assert admin.post("/api/v1/courses", json={"slug": "bench", "title": "Bench cohort"}).status_code == 201
    roster = "name,email,role,display_name\n" + "\n".join(
        f"student{i:03d},student{i:03d}@example.org,student,Student {i}" for i in range(students)
    )
    imported = admin.post("/api/v1/courses/bench/roster", content=roster, headers={"Content-Type": "text/csv"})
    assert imported.status_code in (200, 201), imported.text
    bank = [p["slug"] for p in admin.get("/api/v1/problems").json()]
    per = 5
    for a in range((columns + per - 1) // per):
        chosen = [bank[(a * per + i) % len(bank)] for i in range(min(per, columns - a * per))]
        body = {
            "slug": f"week-{a + 1}",
            "title": f"Week {a + 1}",
            "release_at": "2026-01-01T00:00:00Z",
            "due_at": "2030-01-01T00:00:00Z",
            "problems": [{"problem": p, "points": 10} for p in chosen],
        }
        saved = admin.put(f"/api/v1/courses/bench/assignments/week-{a + 1}", json=body)
        assert saved.status_code == 200, saved.text
    engine = make_engine(database)
    now = dt.datetime.now(dt.timezone.utc)
    with make_sessionmaker(engine)() as session:
        course = session.scalar(select(Course).where(Course.slug == "bench"))
        users = session.scalars(select(User).where(User.name.like("student%"))).all()
        assignments = session.scalars(select(Assignment).where(Assignment.course_id == course.id)).all()
        n = 0
        for user in users:
            for assignment in assignments:
                for item in assignment.problems:
                    n += 1
                    score = float((n * 37) % 101)
                    row = Submission(
                        user_id=user.id,
                        problem=item.problem,
                        language="python",
                        source="# bench\n",
                        status=Status.FINISHED,
                        attempts=1,
                        received_at=now,
                        finished_at=now,
                        course_id=course.id,
                        assignment_id=assignment.id,
                    )
                    session.add(row)
                    session.flush()
                    verdict = "accepted" if score == 100 else "wrong_answer"
                    session.add(SubmissionResultRow(submission_id=row.id, verdict=verdict, score=score, result={}))
        session.commit()
    engine.dispose()
    return "bench"


def measure(url: str, course: str, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    offsite: list[str] = []
    figures: dict = {"other_js": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(base_url=url)

        def only_origin(route):
            if route.request.url.startswith(url):
                route.continue_()
            else:
                offsite.append(route.request.url)
                route.abort()

        context.route("**/*", only_origin)
        page = context.new_page()
        page.goto("/sign-in")
        page.get_by_label("Login").fill("admin")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda u: "/sign-in" not in u)

        paints, sizes = [], []
        for _ in range(repeat):
            fresh = context.new_page()  # a new page, its assets cached as a returning student's are not
            cdp = context.new_cdp_session(fresh)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            encoded: list[int] = []
            cdp.on("Network.loadingFinished", lambda e: encoded.append(int(e["encodedDataLength"])))
            fresh.goto("/problems/ndcg-at-k", wait_until="load")
            fresh.wait_for_selector("textarea#source[data-mounted=codemirror]", state="attached")
            fresh.wait_for_timeout(200)
            paints.append(
                fresh.evaluate(
                    "performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint').startTime"
                )
            )
            sizes.append(sum(encoded) / 1024)
            fresh.close()
        figures["paint_ms"] = statistics.median(paints)
        figures["problem_kb"] = statistics.median(sizes)

        for path in (
            "/",
            "/submissions",
            "/account",
            f"/courses/{course}/gradebook",
            f"/courses/{course}/roster",
            f"/courses/{course}/stats",
            "/problems/ndcg-at-k/versions",
            "/sign-in",
        ):
            probe = context.new_page()
            scripts: list[int] = []
            cdp = context.new_cdp_session(probe)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            kinds: dict[str, str] = {}
            cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
            cdp.on(
                "Network.loadingFinished",
                lambda e: (
                    scripts.append(int(e["encodedDataLength"])) if kinds.get(e["requestId"]) == "Script" else None
                ),
            )
            probe.goto(path, wait_until="load")
            probe.wait_for_timeout(200)
            figures["other_js"][path] = sum(scripts) / 1024
            probe.close()

        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = page.request.get(f"{url}/courses/{course}/gradebook")
            assert response.status == 200
            times.append((time.perf_counter() - started) * 1000)
        figures["gradebook_ms"] = statistics.median(times)
        figures["gradebook_p95_ms"] = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        browser.close()
    figures["offsite"] = offsite
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--problems", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        work = Path(tmp)
        process, url = start_api(work)
        try:
            course = populate(url, f"sqlite:///{work / 'judge.db'}", args.students, args.problems)
            figures = measure(url, course, args.repeat)
        finally:
            process.terminate()
            process.wait(timeout=20)
    worst_js = max(figures["other_js"].values())
    print(
        f"# {dt.date.today()} on {platform.node()} ({os.cpu_count()} CPUs); "
        f"{args.students} students × {args.problems} problems; median of {args.repeat}"
    )
    print("| measure | figure | budget |")
    print("|---|---:|---:|")
    print(f"| problem page: first contentful paint | {figures['paint_ms']:.0f} ms | < {BUDGETS['paint_ms']} ms |")
    print(
        f"| problem page: transferred, editor included | {figures['problem_kb']:.0f} KB | < {BUDGETS['problem_kb']} KB |"
    )
    for path, kb in figures["other_js"].items():
        print(f"| JavaScript on `{path}` | {kb:.1f} KB | < {BUDGETS['other_js_kb']} KB |")
    print(
        f"| gradebook page ({args.students} × {args.problems}), median | {figures['gradebook_ms']:.0f} ms "
        f"| < {BUDGETS['gradebook_ms']} ms |"
    )
    print(f"| gradebook page, p95 | {figures['gradebook_p95_ms']:.0f} ms | |")
    print(f"| requests off the origin | {len(figures['offsite'])} | 0 |")
    within = (
        figures["paint_ms"] < BUDGETS["paint_ms"]
        and figures["problem_kb"] < BUDGETS["problem_kb"]
        and worst_js < BUDGETS["other_js_kb"]
        and figures["gradebook_ms"] < BUDGETS["gradebook_ms"]
        and not figures["offsite"]
    )
    print("within every budget" if within else "OVER A BUDGET")


if __name__ == "__main__":
    main()
