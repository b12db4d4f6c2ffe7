"""judge.courses.gradebook: grades from attempts, totals, the CSV export and the statistics."""

from __future__ import annotations

import datetime as dt

from judge.courses.gradebook import AssignmentSpec, Attempt, Student, as_csv, gradebook, problem_stats

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


def test_the_csv_has_one_row_per_student_and_one_column_per_assignment():
    text = as_csv(gradebook(STUDENTS, [WEEK], ATTEMPTS), [WEEK])
    assert text.splitlines() == ["student,email,week-1,total", "ann,ann@example.com,20,20", "ben,,10,10", "cid,,0,0"]


def test_statistics_per_problem():
    p, q = problem_stats(WEEK, ATTEMPTS)
    assert (p.attempts, p.students, p.accepted_share) == (4, 2, 0.5)
    assert p.verdicts == {"wrong_answer": 2, "accepted": 2}
    assert p.median_attempts_to_solve == 1.5  # ann on her 2nd, ben on his 1st
    assert (q.attempts, q.accepted_share, q.median_attempts_to_solve) == (2, 0.0, None)
