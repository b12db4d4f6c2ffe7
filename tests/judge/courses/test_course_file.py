"""judge.courses.course_file: course.yaml read strictly, every fault at once; the courses kept in courses/ load."""

from __future__ import annotations

import pytest

from judge.courses.course_file import load_course, load_courses
from judge.errors import CourseFormatError
from tests.conftest import BANK, REPO

KNOWN = {p.name for p in BANK.iterdir() if (p / "problem.yaml").exists()}


def test_the_courses_of_the_repository_load_against_the_bank():
    courses, broken = load_courses(REPO / "courses", KNOWN)
    assert not broken, [str(b) for b in broken]
    assert [c.slug for c in courses] == ["sample-bootcamp"]
    assert courses[0].assignments[2].window_minutes == 90
    assert (courses[0].settings.submissions_per_minute, courses[0].settings.max_pending_submissions) == (10, 3)


def test_every_fault_is_reported_at_once(tmp_path):
    directory = tmp_path / "broken"
    directory.mkdir()
    (directory / "course.yaml").write_text("""format: judge-course/1
slug: other-name
title: Broken
assignments:
  - slug: a
    title: A
    release_at: 2027-01-05T09:00:00Z
    due_at: 2027-01-01T09:00:00Z
    late_policy: {kind: cutoff, until: 2026-12-01T00:00:00Z}
    problems: [{problem: nope, points: 1}, {problem: ndcg-at-k, points: 1}, {problem: ndcg-at-k, points: 2}]
  - slug: a
    title: A again
    release_at: 2027-01-05T09:00:00Z
    due_at: 2027-01-06T09:00:00Z
    problems: [{problem: ndcg-at-k, points: 1}]
""")
    with pytest.raises(CourseFormatError) as info:
        load_course(directory, KNOWN)
    text = str(info.value)
    for fragment in (
        "must equal the directory name",
        "two assignments are named 'a'",
        "must come after release_at",
        "must not come before due_at",
        "no problem named 'nope'",
        "'ndcg-at-k' is listed twice",
    ):
        assert fragment in text, fragment
    assert "6 error(s)" in text


def test_unknown_keys_and_types_are_errors(tmp_path):
    directory = tmp_path / "typo"
    directory.mkdir()
    (directory / "course.yaml").write_text(
        "format: judge-course/1\nslug: typo\ntitle: T\ngrade: best\n"
        "assignments: [{slug: a, title: A, release_at: soon, due_at: 2027-01-01,"
        " problems: []}]\n"
    )
    with pytest.raises(CourseFormatError) as info:
        load_course(directory, KNOWN)
    text = str(info.value)
    assert "grade: unknown key" in text and "release_at" in text and "problems" in text


def test_a_courses_settings_are_checked_with_the_rest(tmp_path):
    directory = tmp_path / "quota"
    directory.mkdir()
    (directory / "course.yaml").write_text(
        "format: judge-course/1\nslug: quota\ntitle: Q\nsettings: {submissions_per_minute: 0, max_pending: 2}\n"
    )
    with pytest.raises(CourseFormatError) as info:
        load_course(directory, KNOWN)
    text = str(info.value)
    assert "settings.submissions_per_minute" in text and "settings.max_pending: unknown key" in text
