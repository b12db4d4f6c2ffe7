"""Faults of the judge are reported as the judge's, never as the candidate's."""

from __future__ import annotations

import io

import docker
import pytest

from judge.core import Judge
from judge.errors import SandboxUnavailable
from judge.settings import SandboxSettings, Settings
from judge.verdicts import Verdict

pytestmark = pytest.mark.sandbox

BROKEN_IMAGE = "judge-sandbox:broken-runner-test"
CORRECT = "def solve(a, b):\n    return a + b\n"


@pytest.fixture(scope="module")
def broken_runner_image(docker_ready, settings):
    """The sandbox image with one of the child's own modules failing to import."""
    dockerfile = (
        f"FROM {settings.sandbox.image}\nUSER root\n"
        "RUN echo \"raise ImportError('runner broken on purpose')\" >> /opt/judge/judgebox/jsonsafe.py"
        " && rm -rf /opt/judge/judgebox/__pycache__\nUSER 10001:10001\n"
    )
    client = docker.from_env()
    client.images.build(fileobj=io.BytesIO(dockerfile.encode()), tag=BROKEN_IMAGE, rm=True)
    yield BROKEN_IMAGE
    client.images.remove(BROKEN_IMAGE, force=True)


def judge_with_image(settings: Settings, image: str) -> Judge:
    sandbox = SandboxSettings(**{**settings.sandbox.model_dump(), "image": image})
    return Judge(settings.model_copy(update={"sandbox": sandbox}))


def test_a_broken_runner_is_an_internal_error(settings, load_fixture, broken_runner_image):
    judge = judge_with_image(settings, broken_runner_image)
    problem = load_fixture("add-canary")
    result = judge.judge(problem, judge.accept(problem, CORRECT))
    assert result.verdict is Verdict.INTERNAL_ERROR
    assert {t.verdict for t in result.tests} == {Verdict.INTERNAL_ERROR}
    assert result.score == 0


def test_a_missing_image_raises_rather_than_giving_a_verdict(docker_ready, settings, load_fixture):
    judge = judge_with_image(settings, "judge-sandbox:does-not-exist")
    problem = load_fixture("add-canary")
    with pytest.raises(SandboxUnavailable, match="judge sandbox build"):
        judge.judge(problem, judge.accept(problem, CORRECT))
