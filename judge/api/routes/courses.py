"""/api/v1/courses: courses, their members and roster, assignments, extensions, the gradebook and its statistics.

Who may do what is judge.service.access's (its COURSE table): members see their course, its staff manage
members and read the gradebook, its instructors manage assignments. Anyone else gets a 404, so that a
course's name is not confirmed.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from judge.api.deps import ServicesDep, SessionDep, SettingsDep, ViewerDep, csv_body
from judge.api.errors import responses
from judge.courses.course_file import AssignmentSpec, CourseSettings
from judge.errors import InvalidRequest
from judge.service import courses, grades
from judge.service.schemas import (
    AccommodationSet,
    AssignmentPublic,
    CourseCreate,
    CoursePublic,
    ExtensionPublic,
    ExtensionSet,
    GradebookRow,
    GradeOverrideSet,
    WaiverSet,
    WindowPublic,
    MemberAdded,
    MemberCreate,
    MemberPublic,
    MemberUpdate,
    ProblemStatsPublic,
    WebhookSecret,
)

router = APIRouter(prefix="/api/v1/courses", tags=["courses"])
MAX_ROSTER_BYTES = 1024 * 1024


@router.post("", status_code=201, response_model=CoursePublic, responses=responses(401, 403, 409, 422))
def create(body: CourseCreate, session: SessionDep, viewer: ViewerDep) -> CoursePublic:
    """A new course (admins and instructors); its creator is its first instructor."""
    return courses.create_course(session, viewer, body)


@router.get("", response_model=list[CoursePublic], responses=responses(401))
def list_(session: SessionDep, viewer: ViewerDep) -> list[CoursePublic]:
    """The caller's courses (every course, for admins)."""
    return courses.list_courses(session, viewer)


@router.get("/{course}", response_model=CoursePublic, responses=responses(401, 404))
def read(course: str, session: SessionDep, viewer: ViewerDep) -> CoursePublic:
    """A course, with the caller's role in it; a 404 to anyone outside it."""
    return courses.read_course(session, viewer, course)


@router.get("/{course}/settings", response_model=CourseSettings, responses=responses(401, 403, 404))
def read_settings(course: str, session: SessionDep, viewer: ViewerDep) -> CourseSettings:
    """The course's quotas (left out: the deployment's) and webhook (staff)."""
    return courses.read_settings(session, viewer, course)


@router.put("/{course}/settings", response_model=CourseSettings, responses=responses(401, 403, 404, 422))
def save_settings(
    course: str, body: CourseSettings, session: SessionDep, viewer: ViewerDep, settings: SettingsDep
) -> CourseSettings:
    """Replace the course's settings (instructors): quotas for the submissions made in it, counted per student
    within the course, and a webhook that gets each of them once judged, signed with the course's secret."""
    return courses.save_settings(session, viewer, course, body, settings.webhook_allow_private)


@router.get("/{course}/webhook-secret", response_model=WebhookSecret, responses=responses(401, 403, 404))
def webhook_secret(course: str, session: SessionDep, viewer: ViewerDep) -> WebhookSecret:
    """The key of the HMAC-SHA256 in X-Judge-Signature of the course's webhooks (instructors)."""
    return courses.webhook_secret(session, viewer, course)


# --- members -------------------------------------------------------------------------------------------------


@router.get("/{course}/members", response_model=list[MemberPublic], responses=responses(401, 403, 404))
def members(course: str, session: SessionDep, viewer: ViewerDep) -> list[MemberPublic]:
    """The roster (staff)."""
    return courses.list_members(session, viewer, course)


@router.post("/{course}/members", status_code=201, response_model=MemberAdded, responses=responses(401, 403, 404, 422))
def add_member(course: str, body: MemberCreate, session: SessionDep, viewer: ViewerDep) -> MemberAdded:
    """Add one person (staff; TAs add students only). A new user's token is in the answer, once."""
    return courses.add_member(session, viewer, course, body)


@router.post(
    "/{course}/roster",
    status_code=201,
    response_model=list[MemberAdded],
    responses=responses(401, 403, 404, 413, 422),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {
                    "schema": {"type": "string"},
                    "example": "name,email,role\nada,ada@example.com,student\ngrace,grace@example.com,ta\n",
                }
            },
        }
    },
)
async def roster(course: str, request: Request, session: SessionDep, viewer: ViewerDep) -> list[MemberAdded]:
    """Add everyone of a CSV roster (header name,email,role), all or nothing; new users' tokens come back once."""
    text = await csv_body(request, MAX_ROSTER_BYTES, "the roster")
    return await run_in_threadpool(courses.import_roster, session, viewer, course, text)


@router.patch("/{course}/members/{name}", response_model=MemberPublic, responses=responses(401, 403, 404, 422))
def update_member(course: str, name: str, body: MemberUpdate, session: SessionDep, viewer: ViewerDep) -> MemberPublic:
    """Deactivate (or reactivate) a member: they lose access to the course; their submissions stay."""
    return courses.set_member_active(session, viewer, course, name, body.active)


@router.delete("/{course}/members/{name}", status_code=204, responses=responses(401, 403, 404))
def remove_member(course: str, name: str, session: SessionDep, viewer: ViewerDep) -> Response:
    """Take someone off the course (instructors); their submissions stay."""
    courses.remove_member(session, viewer, course, name)
    return Response(status_code=204)


# --- assignments ---------------------------------------------------------------------------------------------


@router.get("/{course}/assignments", response_model=list[AssignmentPublic], responses=responses(401, 404))
def assignments(course: str, session: SessionDep, viewer: ViewerDep) -> list[AssignmentPublic]:
    """Every assignment for staff; the released ones for students."""
    return courses.list_assignments(session, viewer, course)


@router.put("/{course}/assignments/{slug}", response_model=AssignmentPublic, responses=responses(401, 403, 404, 422))
def save_assignment(
    course: str, slug: str, body: AssignmentSpec, session: SessionDep, viewer: ViewerDep, services: ServicesDep
) -> AssignmentPublic:
    """Create or replace an assignment (instructors): moving a deadline is putting it again."""
    if body.slug != slug:
        raise InvalidRequest(f"the body's slug {body.slug!r} is not the path's {slug!r}")
    known = {p.slug for p in services.registry.all()}
    return courses.save_assignment(session, viewer, course, body, known)


@router.get("/{course}/assignments/{slug}", response_model=AssignmentPublic, responses=responses(401, 404))
def open_assignment(course: str, slug: str, session: SessionDep, viewer: ViewerDep) -> AssignmentPublic:
    """An assignment, with the caller's own deadline; a student's first opening of a timed one starts the clock."""
    return courses.open_assignment(session, viewer, course, slug)


@router.put("/{course}/assignments/{slug}/extensions/{name}", status_code=204, responses=responses(401, 403, 404, 422))
def extend(course: str, slug: str, name: str, body: ExtensionSet, session: SessionDep, viewer: ViewerDep) -> Response:
    """Give one student a later deadline (instructors)."""
    courses.set_extension(session, viewer, course, slug, name, body.due_at)
    return Response(status_code=204)


@router.get(
    "/{course}/assignments/{slug}/extensions", response_model=list[ExtensionPublic], responses=responses(401, 403, 404)
)
def extensions(course: str, slug: str, session: SessionDep, viewer: ViewerDep) -> list[ExtensionPublic]:
    """Every extension of the assignment: the student and their deadline (staff)."""
    return courses.list_extensions(session, viewer, course, slug)


@router.get(
    "/{course}/assignments/{slug}/windows", response_model=list[WindowPublic], responses=responses(401, 403, 404)
)
def windows(course: str, slug: str, session: SessionDep, viewer: ViewerDep) -> list[WindowPublic]:
    """A timed assignment's windows: when each student started, when their window ends, the minutes used (staff)."""
    return courses.list_windows(session, viewer, course, slug)


@router.post(
    "/{course}/assignments/{slug}/withdraw", response_model=AssignmentPublic, responses=responses(401, 403, 404)
)
def withdraw(course: str, slug: str, session: SessionDep, viewer: ViewerDep) -> AssignmentPublic:
    """Withdraw the assignment (instructors): hidden from students and out of the gradebook, every submission
    kept; restore undoes it."""
    return courses.set_withdrawn(session, viewer, course, slug, True)


@router.post(
    "/{course}/assignments/{slug}/restore", response_model=AssignmentPublic, responses=responses(401, 403, 404)
)
def restore(course: str, slug: str, session: SessionDep, viewer: ViewerDep) -> AssignmentPublic:
    """Restore a withdrawn assignment (instructors): offered and graded again, with every submission."""
    return courses.set_withdrawn(session, viewer, course, slug, False)


@router.put(
    "/{course}/assignments/{slug}/overrides/{name}/{problem}", status_code=204, responses=responses(401, 403, 404, 422)
)
def override(
    course: str, slug: str, name: str, problem: str, body: GradeOverrideSet, session: SessionDep, viewer: ViewerDep
) -> Response:
    """Set one student's grade on one problem by hand, with a reason (instructors); shown in the gradebook."""
    grades.set_adjustment(session, viewer, course, slug, name, grades.OVERRIDE, body.reason, problem, body.grade)
    return Response(status_code=204)


@router.delete(
    "/{course}/assignments/{slug}/overrides/{name}/{problem}", status_code=204, responses=responses(401, 403, 404)
)
def clear_override(course: str, slug: str, name: str, problem: str, session: SessionDep, viewer: ViewerDep) -> Response:
    """Take an override away: the computed grade counts again (instructors)."""
    grades.clear_adjustment(session, viewer, course, slug, name, grades.OVERRIDE, problem)
    return Response(status_code=204)


@router.put("/{course}/assignments/{slug}/waivers/{name}", status_code=204, responses=responses(401, 403, 404, 422))
def waive(course: str, slug: str, name: str, body: WaiverSet, session: SessionDep, viewer: ViewerDep) -> Response:
    """Waive one student's late penalties on the assignment, with a reason (instructors)."""
    grades.set_adjustment(session, viewer, course, slug, name, grades.WAIVER, body.reason)
    return Response(status_code=204)


@router.delete("/{course}/assignments/{slug}/waivers/{name}", status_code=204, responses=responses(401, 403, 404))
def clear_waiver(course: str, slug: str, name: str, session: SessionDep, viewer: ViewerDep) -> Response:
    """Take a waiver away: the late penalties count again (instructors)."""
    grades.clear_adjustment(session, viewer, course, slug, name, grades.WAIVER)
    return Response(status_code=204)


@router.put(
    "/{course}/members/{name}/accommodation", response_model=MemberPublic, responses=responses(401, 403, 404, 422)
)
def accommodation(
    course: str, name: str, body: AccommodationSet, session: SessionDep, viewer: ViewerDep
) -> MemberPublic:
    """Extra time for one student in every timed window of the course: minutes, a percentage, or both (instructors)."""
    return courses.set_accommodation(session, viewer, course, name, body.extra_minutes, body.extra_percent)


@router.get(
    "/{course}/assignments/{slug}/stats", response_model=list[ProblemStatsPublic], responses=responses(401, 403, 404)
)
def stats(course: str, slug: str, session: SessionDep, viewer: ViewerDep) -> list[ProblemStatsPublic]:
    """Per problem: attempts, students, the share accepted, the verdicts, and the median attempts to solve."""
    return courses.assignment_stats(session, viewer, course, slug)


# --- the gradebook -------------------------------------------------------------------------------------------


@router.get("/{course}/gradebook", response_model=list[GradebookRow], responses=responses(401, 403, 404))
def gradebook(course: str, session: SessionDep, viewer: ViewerDep) -> list[GradebookRow]:
    """Per student and assignment: points earned per problem (best or last attempt, the late penalty as the
    deadlines stand now), with each waiver and override and its reason."""
    return grades.gradebook(session, viewer, course)


@router.get("/{course}/grades/me", response_model=GradebookRow, responses=responses(401, 403, 404))
def my_grades(course: str, session: SessionDep, viewer: ViewerDep) -> GradebookRow:
    """The caller's own grades in the course (students), each problem's late penalty, waiver and override shown."""
    return grades.my_grades(session, viewer, course)


@router.get(
    "/{course}/gradebook.csv",
    response_class=Response,
    responses={
        **responses(401, 403, 404),
        200: {
            "content": {
                "text/csv": {"example": "student,email,week-1/third-unique-song,week-1,total\r\nada,,10,10,10\r\n"}
            },
            "description": "one row per student; a column per problem and one per assignment; the total",
        },
    },
)
def gradebook_csv(course: str, session: SessionDep, viewer: ViewerDep) -> Response:
    """The gradebook for an LMS import (Canvas, Moodle): student, email, a column per problem and per assignment,
    the total. No cell is a formula."""
    filename, text = grades.gradebook_csv(session, viewer, course)
    return Response(text, media_type="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})
