"""What instructors change from the roster page: an assignment (as the YAML of course.yaml), one student's
extension, and a student's extra time. Each form calls the service the API's PUT calls, with the same viewer,
so a TA gets the API's own refusal; a fault comes back on the page beside what was typed, every fault at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from judge.api.deps import ServicesDep, SessionDep
from judge.api.pages.templating import render
from judge.api.pages.viewer import PageViewerDep
from judge.courses.course_file import AssignmentSpec
from judge.errors import InvalidRequest, NotFound
from judge.service import access, courses
from judge.service.access import Action, Viewer
from judge.service.schemas import AccommodationSet, AssignmentPublic

router = APIRouter(include_in_schema=False)
MAX_YAML = 64 * 1024
NEW = {
    "slug": "week-n",
    "title": "Week n",
    "release_at": "2027-01-04T09:00:00Z",
    "due_at": "2027-01-11T09:00:00Z",
    "late_policy": {"kind": "per_day", "percent": 10, "floor": 50},
    "problems": [{"problem": "third-unique-song", "points": 10}],
}


class _NoAliases(yaml.SafeLoader):
    """YAML without anchors and aliases: one alias repeated is work that grows with every copy of it."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("aliases (*name) are not accepted here: write the value out")
        return super().compose_node(parent, index)


def as_yaml(assignment: AssignmentPublic | None) -> str:
    if assignment is None:
        return yaml.safe_dump(NEW, sort_keys=False)
    spec = {
        "slug": assignment.slug,
        "title": assignment.title,
        "release_at": _utc(assignment.release_at),
        "due_at": _utc(assignment.due_at),
        "late_policy": assignment.late_policy,
        **({"window_minutes": assignment.window_minutes} if assignment.window_minutes else {}),
        **({"private": True} if assignment.private else {}),
        "problems": assignment.problems,
        **({"assessment": assignment.assessment} if assignment.assessment is not None else {}),
    }
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _editor(
    request: Request, viewer: Viewer, slug: str, text: str, existing: str | None, faults: list[str], code: int = 200
) -> Response:
    title = f"Edit {existing}" if existing else "New assignment"
    return render(
        request,
        "assignment_edit.html",
        viewer,
        status_code=code,
        title=title,
        course=slug,
        existing=existing,
        text=text,
        faults=faults,
    )


def _require_instructor(session: SessionDep, viewer: Viewer, slug: str) -> None:
    """The API's own refusals before a form is shown: a 404 for a non-member, a 403 for a TA or a student."""
    access.find_course(session, viewer, slug, Action.EDIT_ASSIGNMENT, "change assignments")


@router.get("/courses/{slug}/assignments/new")
def new_assignment(request: Request, slug: str, session: SessionDep, viewer: PageViewerDep) -> Response:
    _require_instructor(session, viewer, slug)
    return _editor(request, viewer, slug, as_yaml(None), None, [])


@router.get("/courses/{slug}/assignments/{assignment}/edit")
def edit_assignment(
    request: Request, slug: str, assignment: str, session: SessionDep, viewer: PageViewerDep
) -> Response:
    _require_instructor(session, viewer, slug)
    current = next((a for a in courses.list_assignments(session, viewer, slug) if a.slug == assignment), None)
    if current is None:
        raise NotFound(f"no assignment {assignment!r} in {slug}")
    return _editor(request, viewer, slug, as_yaml(current), assignment, [])


@router.post("/courses/{slug}/assignments")
def save_assignment(
    request: Request,
    slug: str,
    session: SessionDep,
    viewer: PageViewerDep,
    services: ServicesDep,
    spec_yaml: Annotated[str, Form(max_length=MAX_YAML)],
    existing: Annotated[str | None, Form(max_length=100)] = None,
) -> Response:
    """The assignment as typed, saved as PUT .../assignments/{slug} saves it; its faults, all of them, if not."""
    _require_instructor(session, viewer, slug)
    faults: list[str] = []
    try:
        raw = yaml.load(spec_yaml, Loader=_NoAliases)  # noqa: S506 - a SafeLoader, with aliases refused too
        spec = AssignmentSpec.model_validate(raw)
        if existing and spec.slug != existing:
            faults.append(f"slug: this page edits {existing!r}; to make another, use New assignment")
        else:
            courses.save_assignment(session, viewer, slug, spec, {p.slug for p in services.registry.all()})
    except yaml.YAMLError as exc:
        faults.append(f"not YAML: {exc}")
    except ValidationError as exc:
        faults += [f"{'.'.join(str(p) for p in e['loc']) or 'assignment'}: {e['msg']}" for e in exc.errors()]
        faults += _unknown_problems(raw, {p.slug for p in services.registry.all()})
    except InvalidRequest as exc:
        faults += str(exc).split("; ")
    if faults:
        return _editor(request, viewer, slug, spec_yaml, existing, faults, 422)
    return RedirectResponse(f"/courses/{slug}/roster", status_code=303)


def _unknown_problems(raw: object, known: set[str]) -> list[str]:
    """The problems named that do not exist, listed with the other faults when the rest did not validate."""
    entries = raw.get("problems") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        return []
    return [
        f"problems.{i}: no problem named {entry['problem']!r}"
        for i, entry in enumerate(entries)
        if isinstance(entry, dict) and isinstance(entry.get("problem"), str) and entry["problem"] not in known
    ]


@router.post("/courses/{slug}/extension")
def give_extension(
    slug: str,
    session: SessionDep,
    viewer: PageViewerDep,
    assignment: Annotated[str, Form(max_length=100)],
    student: Annotated[str, Form(max_length=100)],
    due_at: Annotated[dt.datetime, Form(description="a datetime-local value, in the browser's time zone")],
    utc_offset_minutes: Annotated[int, Form(ge=-14 * 60, le=14 * 60)] = 0,
) -> Response:
    """One student's later deadline. A datetime-local field has no zone: app.js sends the browser's offset
    (east of UTC, in minutes); without script it is read as UTC, as the form says."""
    if due_at.tzinfo is None:
        due_at = due_at.replace(tzinfo=dt.timezone(dt.timedelta(minutes=utc_offset_minutes)))
    courses.set_extension(session, viewer, slug, assignment, student, due_at)
    return RedirectResponse(f"/courses/{slug}/roster", status_code=303)


@router.post("/courses/{slug}/roster/{name}/extra-time")
def give_extra_time(
    slug: str,
    name: str,
    session: SessionDep,
    viewer: PageViewerDep,
    extra_minutes: Annotated[str, Form(max_length=6)] = "",
    extra_percent: Annotated[str, Form(max_length=6)] = "",
) -> Response:
    """Extra time in every timed window of the course, as PUT .../members/{name}/accommodation sets it; an
    empty field is none."""
    try:  # the API's own body, so the same bounds
        body = AccommodationSet.model_validate(
            {"extra_minutes": extra_minutes.strip() or None, "extra_percent": extra_percent.strip() or None}
        )
    except ValidationError as exc:
        raise InvalidRequest("extra time: " + "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors())) from None
    courses.set_accommodation(session, viewer, slug, name, body.extra_minutes, body.extra_percent)
    return RedirectResponse(f"/courses/{slug}/roster", status_code=303)
