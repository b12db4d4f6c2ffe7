"""No submission is lost: killed workers, lost messages and a broken sandbox, with real Celery and Redis."""

from __future__ import annotations

import json

import docker
import pytest
from sqlalchemy import func, select

from judge.db.models import Role, Status, Submission, SubmissionResultRow
from judge.sandbox.docker_sandbox import JOB_LABEL
from judge.sandbox.reaper import labelled_containers
from tests.conftest import FIXTURES, submit_as
from judge.service.users import create_user
from tests.processes import wait_until

pytestmark = pytest.mark.sandbox

# Correct, and slow enough (about 0.5 s a test) to be caught in the middle of judging.
SLOW_CORRECT = (
    "import time\n"
    "def solve(a, b):\n"
    "    time.sleep(0.5)\n"
    "    return 'CANARY-' + '9f4c2e1d-hidden-answer' if a == 'secret' else a + b\n"
)


def submit(services, enqueue, source=SLOW_CORRECT, problem="add-canary"):
    with services.sessions() as session:
        user, _ = create_user(session, f"student-{len(source)}-{id(enqueue)}", Role.STUDENT)
    return submit_as(services, user, problem, None, None, source, enqueue).id


def row(services, submission_id) -> Submission:
    with services.sessions() as session:
        return session.get(Submission, submission_id)


def result_rows(services, submission_id) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).where(SubmissionResultRow.submission_id == submission_id))


def job_containers(submission_id):
    return labelled_containers(docker.from_env(), f"{JOB_LABEL}={submission_id}")


def test_a_worker_killed_mid_judging_means_the_submission_is_judged_again(docker_ready, services, workers, enqueue):
    first = workers.start("first")
    submission_id = submit(services, enqueue)
    wait_until(
        lambda: row(services, submission_id).status is Status.RUNNING and job_containers(submission_id),
        60,
        "the first worker to start judging",
    )
    workers.kill(first)
    assert row(services, submission_id).status is Status.RUNNING  # the dead worker's claim, until the sweeper

    workers.start("second")
    finished = wait_until(
        lambda: row(services, submission_id).status is Status.FINISHED,
        90,
        "the submission to be judged again",
        every=0.25,
    )
    assert finished, workers.logs()
    final = row(services, submission_id)
    assert final.attempts == 2
    assert result_rows(services, submission_id) == 1
    with services.sessions() as session:
        assert session.get(SubmissionResultRow, submission_id).verdict == "accepted"
    wait_until(lambda: not job_containers(submission_id), 20, "the orphaned sandbox to be reaped")


def test_a_lost_enqueue_is_recovered_by_the_sweeper(docker_ready, services, workers):
    def broker_down(_submission_id):
        raise ConnectionError("broker unreachable")

    submission_id = submit(services, broker_down, source="def solve(a, b):\n    return a + b\n")
    assert row(services, submission_id).enqueued_at is None  # persisted although the enqueue failed
    workers.start("sweeper")
    wait_until(lambda: row(services, submission_id).status is Status.FINISHED, 60, "the sweeper to enqueue it")
    assert row(services, submission_id).enqueued_at is not None
    assert result_rows(services, submission_id) == 1


def test_infrastructure_faults_are_retried_then_reported_as_internal_error(docker_ready, services, workers, enqueue):
    # The sweeper waits longer than the retries' backoff: on a busy machine it would otherwise send the
    # submission again while a retry waits, and start a second chain of tries.
    workers.start(
        "broken-engine",
        {
            "JUDGE_SANDBOX_IMAGE": "judge-sandbox:does-not-exist",
            "JUDGE_INFRA_RETRIES": "2",
            "JUDGE_REQUEUE_AFTER_S": "120",
        },
    )
    submission_id = submit(services, enqueue, source="def solve(a, b):\n    return a + b\n")
    wait_until(lambda: row(services, submission_id).status is Status.FINISHED, 60, "the retries to run out")
    final = row(services, submission_id)
    assert final.attempts == 3  # the first try and two retries
    with services.sessions() as session:
        stored = session.get(SubmissionResultRow, submission_id)
        assert stored.verdict == "internal_error"
        assert "judge sandbox build" in stored.result["message"]


def test_a_candidates_own_failure_is_never_retried(docker_ready, services, workers, enqueue):
    workers.start("plain")
    submission_id = submit(services, enqueue, source="def solve(a, b):\n    raise ValueError('mine')\n")
    wait_until(lambda: row(services, submission_id).status is Status.FINISHED, 60, "the verdict")
    assert row(services, submission_id).attempts == 1
    with services.sessions() as session:
        assert session.get(SubmissionResultRow, submission_id).verdict == "runtime_error"


@pytest.fixture
def broken_runner_image(settings):
    """An image tag whose runner never reports (it exits at once): every judging with it is internal_error.
    Retagging the real image onto it mends it."""
    import io
    import uuid

    client = docker.from_env()
    repository, tag = "judge-sandbox", f"broken-{uuid.uuid4().hex[:8]}"
    dockerfile = f'FROM {settings.sandbox.image}\nENTRYPOINT ["python3", "-c", "pass"]\n'.encode()
    client.images.build(fileobj=io.BytesIO(dockerfile), tag=f"{repository}:{tag}", rm=True)

    def mend() -> None:
        client.images.get(settings.sandbox.image).tag(repository, tag, force=True)

    yield f"{repository}:{tag}", mend
    client.images.remove(f"{repository}:{tag}", force=True)


def retrying_worker(workers, image: str):
    return workers.start(
        "retrying",
        {
            "JUDGE_SANDBOX_IMAGE": image,
            "JUDGE_INTERNAL_ERROR_RETRIES": "2",
            "JUDGE_INTERNAL_ERROR_BACKOFF_S": "3",
            "JUDGE_REQUEUE_AFTER_S": "120",  # no second message while a retry waits its backoff
        },
    )


def test_an_internal_error_on_the_first_try_is_tried_again_and_gets_the_right_verdict(
    docker_ready, services, workers, enqueue, broken_runner_image
):
    image, mend = broken_runner_image
    retrying_worker(workers, image)
    reference = (FIXTURES / "add-canary" / "solutions" / "reference.py").read_text()
    submission_id = submit(services, enqueue, source=reference)
    assert wait_until(lambda: row(services, submission_id).judge_failures == 1, 60, "the first try to fail")
    mend()
    assert wait_until(lambda: row(services, submission_id).status is Status.FINISHED, 60, "the retry"), workers.logs()
    final = row(services, submission_id)
    assert final.judge_failures == 1 and final.attempts == 2
    with services.sessions() as session:
        assert session.get(SubmissionResultRow, submission_id).verdict == "accepted"


def test_an_internal_error_that_persists_is_final_after_the_bounded_tries(
    docker_ready, services, workers, enqueue, broken_runner_image
):
    image, _ = broken_runner_image
    retrying_worker(workers, image)
    reference = (FIXTURES / "add-canary" / "solutions" / "reference.py").read_text()
    submission_id = submit(services, enqueue, source=reference)
    assert wait_until(lambda: row(services, submission_id).status is Status.FINISHED, 90, "the tries to run out"), (
        workers.logs()
    )
    final = row(services, submission_id)
    assert final.judge_failures == 3 and final.attempts == 3  # the first try and two retries, no more
    with services.sessions() as session:
        stored = session.get(SubmissionResultRow, submission_id)
    assert stored.verdict == "internal_error"
    assert "failed on this submission 3 times" in stored.result["message"]
    # What the candidate reads of it names no hidden test, in its message or anywhere else.
    from judge.service.access import candidate_view
    from judge.verdicts import SubmissionResult

    problem = services.registry.get("add-canary")
    shown = json.dumps(candidate_view(SubmissionResult.model_validate(stored.result)).model_dump(mode="json"))
    for test in problem.tests:
        if test.visibility.value == "hidden":
            assert test.name not in shown
