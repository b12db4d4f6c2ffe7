"""judge.courses.gradebook: grades from attempts, totals, the CSV export and the statistics."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from judge.courses.gradebook import (
    FORMULA_STARTS,
    AssignmentSpec,
    Attempt,
    Override,
    Student,
    as_csv,
    gradebook,
    problem_stats,
)

T0 = dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc)
WEEK = AssignmentSpec("a1", "week-1", (("p", 10.0), ("q", 30.0)))
STUDENTS = [Student("u1", "ann", "ann@example.com"), Student("u2", "ben"), Student("u3", "cid")]


def attempt(user, problem, minute, score, verdict="wrong_answer", penalty=0.0):
    return Attempt(user, "a1", problem, T0 + dt.timedelta(minutes=minute), score, verdict, penalty)


ATTEMPTS = [
    attempt("u1", "p", 1, 50.0),
    attempt("u1", "p", 2, 100.0, "accepted", penalty=20.0),  # late: 80
    attempt("u1", "q", 3, 40.0),
    attempt("u2", "p", 1, 100.0, "accepted"),
    attempt("u2", "p", 2, 30.0),
    attempt("u2", "q", 5, None, None),  # not judged yet: counted as an attempt, not graded
]


def test_best_attempt_with_penalty_and_zero_for_the_absent():
    rows = {row.name: row for row in gradebook(STUDENTS, [WEEK], ATTEMPTS)}
    ann = rows["ann"].assignments[0]
    assert [(p.grade, p.earned, p.attempts) for p in ann.problems] == [(80.0, 8.0, 2), (40.0, 12.0, 1)]
    assert rows["ann"].total == 20.0
    assert [(p.grade, p.attempts) for p in rows["ben"].assignments[0].problems] == [(100.0, 2), (0.0, 1)]
    assert rows["cid"].total == 0.0 and rows["cid"].assignments[0].points == 40.0


def test_the_last_attempt_when_the_course_says_so():
    rows = {row.name: row for row in gradebook(STUDENTS, [WEEK], ATTEMPTS, grade_by="last")}
    assert rows["ben"].assignments[0].problems[0].grade == 30.0


def test_the_csv_has_one_row_per_student_and_a_column_per_problem_and_per_assignment():
    text = as_csv(gradebook(STUDENTS, [WEEK], ATTEMPTS), [WEEK])
    assert text.splitlines() == [
        "student,email,week-1/p,week-1/q,week-1,total",
        "ann,ann@example.com,8,12,20,20",
        "ben,,10,0,10,10",
        "cid,,0,0,0,0",
    ]


def test_a_waiver_lifts_the_penalty_and_an_override_replaces_the_grade_with_its_reason():
    rows = {
        row.name: row
        for row in gradebook(
            STUDENTS,
            [WEEK],
            ATTEMPTS,
            overrides={("u2", "a1", "q"): Override(75.0, "graded by hand")},
            waived={("u1", "a1")},
        )
    }
    p, q = rows["ann"].assignments[0].problems
    assert (p.grade, p.penalty_percent, p.waived) == (100.0, 0.0, True)  # the late 100 counts in full
    ben_q = rows["ben"].assignments[0].problems[1]
    assert (ben_q.grade, ben_q.earned, ben_q.override) == (75.0, 22.5, "graded by hand")
    unwaived = {row.name: row for row in gradebook(STUDENTS, [WEEK], ATTEMPTS)}["ann"].assignments[0].problems[0]
    assert (unwaived.grade, unwaived.penalty_percent, unwaived.waived) == (80.0, 20.0, False)


def test_statistics_per_problem():
    p, q = problem_stats(WEEK, ATTEMPTS)
    assert (p.attempts, p.students, p.accepted_share) == (4, 2, 0.5)
    assert p.verdicts == {"wrong_answer": 2, "accepted": 2}
    assert p.median_attempts_to_solve == 1.5  # ann on her 2nd, ben on his 1st
    assert (q.attempts, q.accepted_share, q.median_attempts_to_solve) == (2, 0.0, None)
    assert p.failing_hidden_groups == q.failing_hidden_groups == {}


def test_statistics_name_the_hidden_groups_failed_most():
    failing = [
        Attempt("u1", "a1", "p", T0, 20.0, "wrong_answer", failed_hidden_groups=("edge-cases", "large")),
        Attempt("u2", "a1", "p", T0, 60.0, "wrong_answer", failed_hidden_groups=("large",)),
        Attempt("u3", "a1", "p", T0, 60.0, "time_limit_exceeded", failed_hidden_groups=("large",)),
        Attempt("u1", "a1", "q", T0, 0.0, "wrong_answer", failed_hidden_groups=("other-problem",)),
    ]
    p, _ = problem_stats(WEEK, failing)
    assert list(p.failing_hidden_groups.items()) == [("large", 3), ("edge-cases", 1)]  # the most failed first


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://x","y")', "@SUM(1+1)", "+1+1", "-2+3", "\t=1", "\r=1", "=cmd|' /C calc'!A0"],
)
def test_no_cell_of_the_csv_is_a_formula(typed):
    # Round two of the red team (low): a formula in a member's email reached gradebook.csv verbatim.
    students = [Student("s1", typed, typed)]
    text = as_csv(gradebook(students, [WEEK], []), [WEEK])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    name, email = rows[1][0], rows[1][1]
    assert name == email == "'" + typed  # kept as typed, behind the apostrophe a spreadsheet shows as text
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)
