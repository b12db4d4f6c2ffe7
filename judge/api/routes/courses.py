"""/api/v1/courses: courses, their members and roster, assignments, extensions, the gradebook and its statistics.

Who may do what is judge.service.courses's: members see their course, its staff manage members and read the
gradebook, its instructors manage assignments. Anyone else gets a 404, so a course's name is not confirmed.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from judge.api.deps import CurrentUser, ServicesDep
from judge.api.errors import responses
from judge.api.schemas import (AssignmentPublic, CourseCreate, CoursePublic, ExtensionSet, GradebookRow,
                               MemberAdded, MemberCreate, MemberPublic, MemberUpdate, ProblemStatsPublic,
                               WebhookSecret)
from judge.courses.course_file import AssignmentSpec, CourseSettings
from judge.courses.gradebook import as_csv
from judge.db.models import Assignment, Course, aware
from judge.db.roles import MemberRole
from judge.errors import InvalidRequest
from judge.service import courses
from judge.service.submissions import Services

router = APIRouter(prefix="/api/v1/courses", tags=["courses"])
INSTRUCTORS = (MemberRole.INSTRUCTOR,)
MAX_ROSTER_BYTES = 1024 * 1024


@router.post("", status_code=201, response_model=CoursePublic, responses=responses(401, 403, 409, 422))
def create(body: CourseCreate, services: ServicesDep, user: CurrentUser) -> CoursePublic:
    """A new course (admins and instructors); its creator is its first instructor."""
    with services.sessions() as session:
        course = courses.create_course(session, user, body.slug, body.title, body.grade_by)
        return _course(course, MemberRole.INSTRUCTOR)


@router.get("", response_model=list[CoursePublic], responses=responses(401))
def list_(services: ServicesDep, user: CurrentUser) -> list[CoursePublic]:
    """The caller's courses (every course, for admins)."""
    with services.sessions() as session:
        return [_course(course, role) for course, role in courses.list_courses(session, user)]


@router.get("/{course}", response_model=CoursePublic, responses=responses(401, 404))
def read(course: str, services: ServicesDep, user: CurrentUser) -> CoursePublic:
    """A course, with the caller's role in it; a 404 to anyone outside it."""
    with services.sessions() as session:
        found = courses.course_as(session, user, course)
        return _course(found, courses.memberships(session, user).get(found.id))


@router.get("/{course}/settings", response_model=CourseSettings, responses=responses(401, 403, 404))
def read_settings(course: str, services: ServicesDep, user: CurrentUser) -> CourseSettings:
    """The course's quotas (left out: the deployment's) and webhook (staff)."""
    with services.sessions() as session:
        return courses.course_settings(courses.course_as(session, user, course, courses.STAFF))


@router.put("/{course}/settings", response_model=CourseSettings, responses=responses(401, 403, 404, 422))
def save_settings(course: str, body: CourseSettings, services: ServicesDep, user: CurrentUser) -> CourseSettings:
    """Replace the course's settings (instructors): quotas for the submissions made in it, counted per student
    within the course, and a webhook that gets each of them once judged, signed with the course's secret."""
    with services.sessions() as session:
        saved = courses.save_settings(session, user, course, body, services.settings.webhook_allow_private)
        return courses.course_settings(saved)


@router.get("/{course}/webhook-secret", response_model=WebhookSecret, responses=responses(401, 403, 404))
def webhook_secret(course: str, services: ServicesDep, user: CurrentUser) -> WebhookSecret:
    """The key of the HMAC-SHA256 in X-Judge-Signature of the course's webhooks (instructors)."""
    with services.sessions() as session:
        return WebhookSecret(secret=courses.course_webhook_secret(session, user, course))


# --- members -------------------------------------------------------------------------------------------------

@router.get("/{course}/members", response_model=list[MemberPublic], responses=responses(401, 403, 404))
def members(course: str, services: ServicesDep, user: CurrentUser) -> list[MemberPublic]:
    """The roster (staff)."""
    with services.sessions() as session:
        found = courses.course_as(session, user, course, courses.STAFF)
        return [_member(m, u) for m, u in courses.list_members(session, found)]


@router.post("/{course}/members", status_code=201, response_model=MemberAdded,
             responses=responses(401, 403, 404, 422))
def add_member(course: str, body: MemberCreate, services: ServicesDep, user: CurrentUser) -> MemberAdded:
    """Add one person (staff; TAs add students only). A new user's token is in the answer, once."""
    with services.sessions() as session:
        found = courses.course_as(session, user, course, courses.STAFF)
        (membership, token), = courses.add_members(session, user, found,
                                                   [courses.NewMember(body.name, body.role, body.email)])
        return MemberAdded(**_member(membership, membership.user).model_dump(), token=token)


@router.post("/{course}/roster", status_code=201, response_model=list[MemberAdded],
             responses=responses(401, 403, 404, 413, 422),
             openapi_extra={"requestBody": {"required": True, "content": {"text/csv": {
                 "schema": {"type": "string"},
                 "example": "name,email,role\nada,ada@example.com,student\ngrace,grace@example.com,ta\n"}}}})
async def roster(course: str, request: Request, services: ServicesDep, user: CurrentUser) -> list[MemberAdded]:
    """Add everyone of a CSV roster (header name,email,role), all or nothing; new users' tokens come back once."""
    body = await request.body()
    if len(body) > MAX_ROSTER_BYTES:
        raise InvalidRequest(f"the roster is over {MAX_ROSTER_BYTES // 1024} KiB")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidRequest("the roster is not UTF-8 text") from None
    return await run_in_threadpool(_import_roster, services, user, course, text)


def _import_roster(services: Services, user, course: str, text: str) -> list[MemberAdded]:
    with services.sessions() as session:
        found = courses.course_as(session, user, course, courses.STAFF)
        added = courses.add_members(session, user, found, courses.parse_roster(text))
        return [MemberAdded(**_member(m, m.user).model_dump(), token=token) for m, token in added]


@router.patch("/{course}/members/{name}", response_model=MemberPublic, responses=responses(401, 403, 404, 422))
def update_member(course: str, name: str, body: MemberUpdate, services: ServicesDep, user: CurrentUser) -> MemberPublic:
    """Deactivate (or reactivate) a member: they lose access to the course; their submissions stay."""
    with services.sessions() as session:
        found = courses.course_as(session, user, course, courses.STAFF)
        membership = courses.set_membership(session, user, found, name, body.active)
        return _member(membership, membership.user)


@router.delete("/{course}/members/{name}", status_code=204, responses=responses(401, 403, 404))
def remove_member(course: str, name: str, services: ServicesDep, user: CurrentUser) -> Response:
    """Take someone off the course (instructors); their submissions stay."""
    with services.sessions() as session:
        found = courses.course_as(session, user, course, INSTRUCTORS)
        courses.set_membership(session, user, found, name, None, remove=True)
    return Response(status_code=204)


# --- assignments ---------------------------------------------------------------------------------------------

@router.get("/{course}/assignments", response_model=list[AssignmentPublic], responses=responses(401, 404))
def assignments(course: str, services: ServicesDep, user: CurrentUser) -> list[AssignmentPublic]:
    """Every assignment for staff; the released ones for students."""
    with services.sessions() as session:
        found = courses.course_as(session, user, course)
        return [_assignment(a) for a in courses.assignments_of(session, user, found)]


@router.put("/{course}/assignments/{slug}", response_model=AssignmentPublic,
            responses=responses(401, 403, 404, 422))
def save_assignment(course: str, slug: str, body: AssignmentSpec, services: ServicesDep,
                    user: CurrentUser) -> AssignmentPublic:
    """Create or replace an assignment (instructors): moving a deadline is putting it again."""
    if body.slug != slug:
        raise InvalidRequest(f"the body's slug {body.slug!r} is not the path's {slug!r}")
    with services.sessions() as session:
        found = courses.course_as(session, user, course, INSTRUCTORS)
        known = {p.slug for p in services.registry.all()}
        return _assignment(courses.save_assignment(session, user, found, body, known))


@router.get("/{course}/assignments/{slug}", response_model=AssignmentPublic, responses=responses(401, 404))
def open_assignment(course: str, slug: str, services: ServicesDep, user: CurrentUser) -> AssignmentPublic:
    """An assignment, with the caller's own deadline; a student's first opening of a timed one starts the clock."""
    with services.sessions() as session:
        found = courses.course_as(session, user, course)
        assignment, due = courses.open_assignment(session, user, found, slug)
        return _assignment(assignment, due)


@router.put("/{course}/assignments/{slug}/extensions/{name}", status_code=204, responses=responses(401, 403, 404, 422))
def extend(course: str, slug: str, name: str, body: ExtensionSet, services: ServicesDep, user: CurrentUser) -> Response:
    """Give one student a later deadline (instructors)."""
    with services.sessions() as session:
        found = courses.course_as(session, user, course, INSTRUCTORS)
        courses.set_extension(session, user, found, slug, name, body.due_at)
    return Response(status_code=204)


@router.get("/{course}/assignments/{slug}/stats", response_model=list[ProblemStatsPublic],
            responses=responses(401, 403, 404))
def stats(course: str, slug: str, services: ServicesDep, user: CurrentUser) -> list[ProblemStatsPublic]:
    """Per problem: attempts, students, the share accepted, the verdicts, and the median attempts to solve."""
    with services.sessions() as session:
        found = courses.course_as(session, user, course, courses.STAFF)
        return [ProblemStatsPublic(**vars(s)) for s in courses.assignment_stats(session, found, slug)]


# --- the gradebook -------------------------------------------------------------------------------------------

@router.get("/{course}/gradebook", response_model=list[GradebookRow], responses=responses(401, 403, 404))
def gradebook(course: str, services: ServicesDep, user: CurrentUser) -> list[GradebookRow]:
    """Per student and assignment: points earned per problem (best or last attempt, late penalty applied)."""
    with services.sessions() as session:
        found = courses.course_as(session, user, course, courses.STAFF)
        rows, _ = courses.course_gradebook(session, found)
    return [GradebookRow(student=r.name, email=r.email, total=r.total,
                         assignments=[{**vars(a), "problems": [vars(p) for p in a.problems]} for a in r.assignments])
            for r in rows]


@router.get("/{course}/gradebook.csv", response_class=Response, responses={
    **responses(401, 403, 404), 200: {"content": {"text/csv": {"example": "student,email,week-1,total\nada,,10,10\n"}},
                                      "description": "one row per student, one column per assignment"}})
def gradebook_csv(course: str, services: ServicesDep, user: CurrentUser) -> Response:
    """The gradebook for an LMS import (Canvas, Moodle): student, email, one column per assignment, total."""
    with services.sessions() as session:
        found = courses.course_as(session, user, course, courses.STAFF)
        rows, specs = courses.course_gradebook(session, found)
    return Response(as_csv(rows, specs), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{found.slug}-gradebook.csv"'})


def _course(course: Course, role: MemberRole | None) -> CoursePublic:
    return CoursePublic(slug=course.slug, title=course.title, grade_by=course.grade_by, your_role=role)


def _member(membership, user) -> MemberPublic:
    return MemberPublic(name=user.name, email=user.email, role=membership.role, active=membership.active)


def _assignment(assignment: Assignment, due=None) -> AssignmentPublic:
    return AssignmentPublic(slug=assignment.slug, title=assignment.title, release_at=aware(assignment.release_at),
                            due_at=aware(assignment.due_at), late_policy=assignment.late_policy,
                            window_minutes=assignment.window_minutes,
                            problems=[{"problem": p.problem, "points": p.points} for p in assignment.problems],
                            your_deadline=due)
