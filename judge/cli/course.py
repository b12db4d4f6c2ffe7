"""`judge course`: run a course on a judge server (--server and --token, or JUDGE_SERVER and JUDGE_TOKEN).

Every command talks to the server's API, never to a local database. `judge course push courses/<slug>` is how
a course kept in git reaches the server: course.yaml is checked here first, every fault listed at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from judge.cli.client import AS_CSV, AS_JSON, SERVER, TOKEN, Server, fail as _fail, table as _table

course_app = typer.Typer(
    help="Courses on a judge server: create, roster, assignments, gradebook.", no_args_is_help=True
)


@course_app.command("create")
def create(
    slug: str,
    title: str = typer.Option(..., help="the course's title"),
    grade_by: str = typer.Option("best", help="a problem's grade: the best or the last attempt"),
    server: str = SERVER,
    token: Optional[str] = TOKEN,
) -> None:
    """Create a course; you become its instructor."""
    body = (
        Server(server, token)
        .call("POST", "/api/v1/courses", json={"slug": slug, "title": title, "grade_by": grade_by})
        .json()
    )
    print(f"created {body['slug']}: {body['title']}")


@course_app.command("list")
def list_(server: str = SERVER, token: Optional[str] = TOKEN, as_json: bool = AS_JSON, as_csv: bool = AS_CSV) -> None:
    """Your courses."""
    courses = Server(server, token).call("GET", "/api/v1/courses").json()
    _table(
        ["course", "title", "your role"], [[c["slug"], c["title"], c["your_role"]] for c in courses], as_json, as_csv
    )


@course_app.command("roster")
def roster(
    slug: str,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV: name,email,role"),
    server: str = SERVER,
    token: Optional[str] = TOKEN,
    as_json: bool = AS_JSON,
    as_csv: bool = AS_CSV,
) -> None:
    """Add everyone of a CSV roster; prints the new users' tokens, which are shown only this once."""
    added = (
        Server(server, token)
        .call("POST", f"/api/v1/courses/{slug}/roster", content=file.read_bytes(), headers={"Content-Type": "text/csv"})
        .json()
    )
    _table(
        ["name", "email", "role", "token (new users only: keep it now)"],
        [[m["name"], m["email"], m["role"], m["token"]] for m in added],
        as_json,
        as_csv,
    )


@course_app.command("push")
def push(
    course: str = typer.Argument(..., help="a course directory, or a slug under JUDGE_COURSES_DIR (./courses)"),
    problems_dir: Optional[Path] = typer.Option(None, help="check the problems against this bank too"),
    server: str = SERVER,
    token: Optional[str] = TOKEN,
) -> None:
    """Send courses/<slug>/course.yaml to the server: the course if it is new, then every assignment."""
    from judge.courses.course_file import COURSE_FILE, load_course
    from judge.errors import CourseFormatError
    from judge.settings import Settings

    directory = Path(course)
    if not (directory / COURSE_FILE).exists():
        directory = Settings().courses_dir / course
    if not (directory / COURSE_FILE).exists():
        _fail(f"no course {course!r}: neither a directory with {COURSE_FILE} nor one under {Settings().courses_dir}")

    known = None
    if problems_dir is not None:
        known = {p.name for p in problems_dir.iterdir() if (p / "problem.yaml").exists()}
    try:
        spec = load_course(directory, known)  # without a local bank, the server checks the problems
    except CourseFormatError as exc:
        _fail(str(exc))
    api = Server(server, token)
    existing = {c["slug"] for c in api.call("GET", "/api/v1/courses").json()}
    if spec.slug not in existing:
        api.call("POST", "/api/v1/courses", json={"slug": spec.slug, "title": spec.title, "grade_by": spec.grade_by})
        print(f"created {spec.slug}")
    api.call("PUT", f"/api/v1/courses/{spec.slug}/settings", json=spec.settings.model_dump(mode="json"))
    for assignment in spec.assignments:
        api.call(
            "PUT", f"/api/v1/courses/{spec.slug}/assignments/{assignment.slug}", json=assignment.model_dump(mode="json")
        )
        print(
            f"{spec.slug}/{assignment.slug}: {len(assignment.problems)} problem(s), due {assignment.due_at.isoformat()}"
        )


@course_app.command("assignments")
def assignments(
    slug: str, server: str = SERVER, token: Optional[str] = TOKEN, as_json: bool = AS_JSON, as_csv: bool = AS_CSV
) -> None:
    """The course's assignments (the released ones, for students)."""
    rows = Server(server, token).call("GET", f"/api/v1/courses/{slug}/assignments").json()
    _table(
        ["assignment", "title", "released", "due", "problems"],
        [
            [
                a["slug"],
                a["title"],
                a["release_at"],
                a["due_at"],
                ", ".join(f"{p['problem']} ({p['points']:g})" for p in a["problems"]),
            ]
            for a in rows
        ],
        as_json,
        as_csv,
    )


@course_app.command("grades")
def grades(
    slug: str, server: str = SERVER, token: Optional[str] = TOKEN, as_json: bool = AS_JSON, as_csv: bool = AS_CSV
) -> None:
    """Your own grades in the course (students): each problem's grade, its late penalty, waiver and override."""
    mine = Server(server, token).call("GET", f"/api/v1/courses/{slug}/grades/me").json()
    rows = []
    for graded in mine["assignments"]:
        for p in graded["problems"]:
            note = "; ".join(
                part
                for part in (
                    f"late: {p['penalty_percent']:g}% off" if p["penalty_percent"] and not p["waived"] else "",
                    "late penalty waived" if p["waived"] else "",
                    f"set by staff: {p['override']}" if p["override"] else "",
                )
                if part
            )
            rows.append([graded["slug"], p["problem"], f"{p['grade']:g}", f"{p['earned']:g}/{p['points']:g}", note])
    _table(["assignment", "problem", "grade", "points", "notes"], rows, as_json, as_csv)
    if not (as_json or as_csv):
        print(f"total: {mine['total']:g}")


@course_app.command("extensions")
def extensions(
    slug: str,
    assignment: str,
    server: str = SERVER,
    token: Optional[str] = TOKEN,
    as_json: bool = AS_JSON,
    as_csv: bool = AS_CSV,
) -> None:
    """The extensions of an assignment (staff): each student and their deadline."""
    listed = Server(server, token).call("GET", f"/api/v1/courses/{slug}/assignments/{assignment}/extensions").json()
    _table(["student", "deadline"], [[e["student"], e["due_at"]] for e in listed], as_json, as_csv)


@course_app.command("gradebook")
def gradebook(
    slug: str,
    csv_file: Optional[Path] = typer.Option(None, "--csv", help="write the CSV export here"),
    as_json: bool = typer.Option(False, "--json", help="print the gradebook as JSON"),
    server: str = SERVER,
    token: Optional[str] = TOKEN,
) -> None:
    """The gradebook: a table, JSON, or the CSV an LMS imports (docs/courses.md)."""
    api = Server(server, token)
    if csv_file is not None:
        csv_file.write_bytes(api.call("GET", f"/api/v1/courses/{slug}/gradebook.csv").content)
        print(f"wrote {csv_file}")
        return
    rows = api.call("GET", f"/api/v1/courses/{slug}/gradebook").json()
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    names = [a["slug"] for a in rows[0]["assignments"]] if rows else []
    _table(
        ["student", *names, "total"],
        [
            [r["student"], *(f"{a['earned']:g}/{a['points']:g}" for a in r["assignments"]), f"{r['total']:g}"]
            for r in rows
        ],
    )
