"""What every signed-in person sees: their courses, the problems, one problem with its editor, their
submissions with the live verdict, a diff between two of them, and their grades.

Each page is the API's own service call for the same viewer (judge.service), rendered: a page never shows
what the matching API response would not.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from judge.api.deps import EnqueueDep, ServicesDep, SessionDep
from judge.api.pages import highlight, hiring
from judge.api.pages.markdown import to_html
from judge.api.pages.templating import render
from judge.api.pages.viewer import PageViewerDep
from judge.db.models import User, utcnow
from judge.errors import CompileFailed, NotFound, SubmissionRejected, TooManyRequests
from judge.service import courses, grades, problems, submissions
from judge.service.access import Action, Viewer
from judge.service.schemas import AssignmentOverview, ProblemDetail, SubmissionCreate
from judge.service.services import Services

router = APIRouter(include_in_schema=False)
MAX_UPLOAD = 256 * 1024  # a file's bytes read at most; the source limit (max_source_kb) decides after


@router.get("/")
def home(request: Request, session: SessionDep, viewer: PageViewerDep, services: ServicesDep) -> Response:
    """My courses (each assignment with its dates, my deadline, my window and my grades) and the problems I may
    open. Nothing here opens an assignment: a timed window starts only from the problem itself."""
    now = utcnow()
    listed = []
    for course in courses.list_courses(session, viewer):
        overview = courses.overview(session, viewer, course.slug)
        own: dict[str, dict[str, Any]] = {}
        if overview.own_grades:
            try:
                row = grades.my_grades(session, viewer, course.slug)
                own = {a.slug: {p.problem: p for p in a.problems} for a in row.assignments}
            except NotFound:
                own = {}
        items = [_assignment_view(item, now) for item in overview.assignments]
        listed.append({"o": overview, "assignments": items, "grades": own})
    bank = problems.list_problems(session, viewer, services)
    greeting = viewer.name
    if viewer.invited:  # an invited candidate's login names no one: greet them by their name
        me = session.get(User, viewer.id)
        greeting = (me.display_name if me else None) or viewer.name
    return render(request, "home.html", viewer, title="Home", courses=listed, problems=bank, now=now, greeting=greeting)


def _assignment_view(item: AssignmentOverview, now: dt.datetime) -> dict[str, Any]:
    assignment = item.assignment
    deadline = assignment.your_deadline or assignment.due_at
    window_left = None
    if item.window_minutes is not None and item.started_at is not None:
        ends = item.started_at + dt.timedelta(minutes=item.window_minutes)
        window_left = max(0.0, (min(ends, deadline) - now).total_seconds() / 60)
    return {
        "a": assignment,
        "deadline": deadline,
        "extended": assignment.your_deadline is not None and assignment.your_deadline != assignment.due_at,
        "open": assignment.release_at <= now,
        "closed": deadline < now,
        "started": item.started_at,
        "window": item.window_minutes,
        "window_left": window_left,
        "policy": _late_policy(assignment.late_policy),
    }


def _late_policy(policy: dict[str, Any]) -> str:
    """The late policy in words (judge.courses.policy)."""
    kind = (policy or {}).get("kind", "none")
    if kind == "per_day":
        return f"late: {policy.get('percent')}% off per day, keeping at least {policy.get('floor', 0)}%"
    if kind == "cutoff":
        return f"late: {policy.get('percent', 0)}% off, until {str(policy.get('until', ''))[:16].replace('T', ' ')} UTC"
    return "no late submissions"


def _schema(detail: ProblemDetail) -> dict[str, list[str]]:
    """The SQL tables and their columns, from the public examples: the editor completes them."""
    tables: dict[str, list[str]] = {}
    for example in detail.examples:
        for name, table in (example.get("tables") or example).items():
            if isinstance(table, dict) and isinstance(table.get("columns"), list):
                tables.setdefault(name, [str(c) for c in table["columns"]])
    return tables


def _problem_page(
    request: Request,
    session: SessionDep,
    viewer: Viewer,
    services: Services,
    slug: str,
    status_code: int = 200,
    source: str | None = None,
    dialect: str | None = None,
    error: str | None = None,
    compile_error: Any = None,
    assignment: str | None = None,
) -> Response:
    detail = problems.read_problem(session, viewer, services, slug)
    ref = assignment or request.query_params.get("assignment") or None
    return render(
        request,
        "problem.html",
        viewer,
        status_code=status_code,
        title=detail.title,
        problem=detail,
        statement=to_html(detail.statement_rendered),
        schema=_schema(detail),
        source=detail.starter or "" if source is None else source,
        dialect=dialect,
        error=error,
        compile_error=compile_error,
        assignment=ref or "",
        hiring=hiring.problem_context(session, viewer, services, ref),
    )


@router.get("/problems/{slug}")
def problem_page(
    request: Request,
    slug: str,
    session: SessionDep,
    viewer: PageViewerDep,
    services: ServicesDep,
    assignment: Annotated[str | None, Query(max_length=201)] = None,
) -> Response:
    return _problem_page(request, session, viewer, services, slug)


@router.post("/problems/{slug}/submit")
async def submit(
    request: Request,
    slug: str,
    session: SessionDep,
    viewer: PageViewerDep,
    services: ServicesDep,
    enqueue: EnqueueDep,
    source: Annotated[str, Form()] = "",
    dialect: Annotated[str | None, Form(max_length=20)] = None,
    assignment: Annotated[str | None, Form(max_length=201)] = None,
    upload: Annotated[UploadFile | None, File()] = None,
    examples_only: Annotated[bool, Form()] = False,
) -> Response:
    """The form's source (or the uploaded file's, when one is chosen) as a new submission, then its page; with
    the "Run on the examples" button, a run on the public examples instead (never graded)."""
    if upload is not None and upload.filename:
        raw = await upload.read(MAX_UPLOAD + 1)
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _problem_page(
                request,
                session,
                viewer,
                services,
                slug,
                422,
                source,
                dialect,
                f"{upload.filename} is not UTF-8 text",
                assignment=assignment,
            )
    body = {
        "problem": slug,
        "source": source,
        "dialect": dialect or None,
        "assignment": assignment or None,
        "examples_only": examples_only,
    }
    try:
        created = submissions.create_submission(
            session, viewer, services, SubmissionCreate.model_validate(body), enqueue
        )
    except CompileFailed as exc:
        return _problem_page(
            request, session, viewer, services, slug, 422, source, dialect, str(exc), exc.diagnostic, assignment
        )
    except (SubmissionRejected, TooManyRequests) as exc:
        code = 429 if isinstance(exc, TooManyRequests) else 422
        return _problem_page(
            request, session, viewer, services, slug, code, source, dialect, str(exc), assignment=assignment
        )
    except ValueError as exc:  # the model refused the text (a NUL, a lone surrogate)
        return _problem_page(
            request, session, viewer, services, slug, 422, source, dialect, str(exc), assignment=assignment
        )
    return RedirectResponse(f"/submissions/{created.id}", status_code=303)


@router.get("/submissions")
def my_submissions(
    request: Request,
    session: SessionDep,
    viewer: PageViewerDep,
    services: ServicesDep,
    problem: Annotated[str | None, Query(max_length=100)] = None,
    user: Annotated[str | None, Query(max_length=100, description="staff: whose")] = None,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    """One's own submissions; staff may name a user (the API's list decides whether they may)."""
    filters = submissions.SubmissionFilter(user_name=user or viewer.name, problem=problem or None)
    page = submissions.list_submissions(session, viewer, services, filters, limit=50, offset=offset)
    title = "My submissions" if not user or user == viewer.name else f"Submissions of {user}"
    return render(request, "submissions.html", viewer, title=title, page=page, problem=problem or "", user=user or "")


def _submission_context(session: SessionDep, viewer: Viewer, submission_id: str) -> dict[str, Any]:
    detail = submissions.get_detail(session, viewer, submission_id)
    source = submissions.get_source(session, viewer, submission_id)
    return {"s": detail, "source_html": highlight.source(source.source, source.language), "source": source}


@router.get("/submissions/{submission_id}")
def submission_page(
    request: Request, submission_id: str, session: SessionDep, viewer: PageViewerDep, services: ServicesDep
) -> Response:
    context = _submission_context(session, viewer, submission_id)
    detail = context["s"]
    staff = viewer.may(Action.READ_OPEN_SUBMISSIONS) or bool(viewer.courses_where(Action.READ_COURSE_SUBMISSIONS))
    history = submissions.result_history(session, viewer, submission_id) if detail.user != viewer.name else []
    mine = submissions.list_submissions(
        session,
        viewer,
        services,
        submissions.SubmissionFilter(user_name=detail.user, problem=detail.problem),
        limit=50,
        offset=0,
    )
    others = [s for s in mine.items if s.id != submission_id]
    return render(
        request,
        "submission.html",
        viewer,
        title=f"Submission to {detail.problem}",
        others=others,
        history=history,
        staff=staff and detail.user != viewer.name,
        **context,
    )


@router.get("/submissions/{submission_id}/table")
def submission_table(request: Request, submission_id: str, session: SessionDep, viewer: PageViewerDep) -> Response:
    """The per-test table alone: what the live page swaps in when the verdict is in (the same as a reload)."""
    detail = submissions.get_detail(session, viewer, submission_id)
    return render(request, "submission_table.html", viewer, title="", s=detail)


@router.get("/submissions/{submission_id}/diff")
def submission_diff(
    request: Request,
    submission_id: str,
    session: SessionDep,
    viewer: PageViewerDep,
    against: Annotated[str, Query(max_length=32)],
) -> Response:
    """Two submissions' sources, line by line: both must be readable by the viewer (the API's own rule)."""
    new, old = (submissions.get_source(session, viewer, i) for i in (submission_id, against))
    lines = list(
        difflib.unified_diff(
            old.source.splitlines(), new.source.splitlines(), f"{against}", f"{submission_id}", lineterm="", n=3
        )
    )
    return render(request, "diff.html", viewer, title="Compare two submissions", new=new, old=old, lines=lines)


@router.get("/courses/{slug}/grades")
def my_grades(request: Request, slug: str, session: SessionDep, viewer: PageViewerDep) -> Response:
    course = courses.read_course(session, viewer, slug)
    row = grades.my_grades(session, viewer, slug)
    return render(request, "grades.html", viewer, title=f"My grades in {course.title}", course=course, row=row)
