"""judge.grading: from a runner's report to verdicts, group scores and what a candidate may see."""

from __future__ import annotations

import dataclasses
import json

import pytest

from judge.grading import examples_only, grade_report, internal_error_result
from judge.source import Source
from judge.problems.loader import load_problem
from judge.sandbox import report as run_report
from judge.verdicts import HIDDEN_MEMORY_KB, CompileDiagnostic
from judgebox.protocol import RunStatus


from judge.verdicts import Verdict, Visibility

from tests.conftest import CANARY, FIXTURES


def RunReport(tests=(), compile_error=None, **fields):  # noqa: N802 - stands for the report the runner's lines make
    """A run report from the runner's test events (dicts), read by the report's own strict reader."""
    # The reader drops an event without a status it knows (the test then has none: the judge's fault).
    outcomes = tuple(
        None
        if t is None or t.get("status") not in {s.value for s in RunStatus}
        else run_report._outcome(i, {"type": "test", "index": i, **t})
        for i, t in enumerate(tests)
    )
    diagnostic = CompileDiagnostic(**compile_error) if compile_error else None
    return run_report.RunReport(tests=outcomes, compile_error=diagnostic, **fields)


# add-canary: examples/01 (3), examples/02 (15) public, weight 20, all or nothing;
# hidden/01 (14), hidden/02-canary (CANARY) hidden, weight 80, partial.
RIGHT = (3, 15, 14, CANARY)
PYTHON = Source("def solve(a, b):\n    return a + b\n", "python")

AC, WA, TLE, MLE, RE, CE, OLE, IE = (
    Verdict.ACCEPTED,
    Verdict.WRONG_ANSWER,
    Verdict.TIME_LIMIT_EXCEEDED,
    Verdict.MEMORY_LIMIT_EXCEEDED,
    Verdict.RUNTIME_ERROR,
    Verdict.COMPILE_ERROR,
    Verdict.OUTPUT_LIMIT_EXCEEDED,
    Verdict.INTERNAL_ERROR,
)


@pytest.fixture(scope="module")
def add_canary():
    return load_problem(FIXTURES / "add-canary")


@pytest.fixture(scope="module")
def plays():
    return load_problem(FIXTURES / "plays-per-user")


def ok(output, **extra):
    return {"status": "ok", "output": output, "wall_ms": 1.25, "cpu_ms": 1.0, "memory_kb": 2048, **extra}


def failed(status, message="it failed", **extra):
    return {"status": status, "message": message, "wall_ms": 3.0, **extra}


def outputs(*values):
    return RunReport(tests=tuple(ok(v) for v in values))


def grade(problem, report, reference=None, submission=PYTHON):
    return grade_report(problem, submission, report, reference)


# --- scores and verdicts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, verdict, score, group_scores",
    [
        (RIGHT, AC, 100.0, (1.0, 1.0)),
        ((3, 15, 14, "nope"), WA, 60.0, (1.0, 0.5)),  # partial group: half of 80
        ((3, 15, 0, "nope"), WA, 20.0, (1.0, 0.0)),
        ((3, 0, 14, CANARY), WA, 80.0, (0.0, 1.0)),  # all or nothing: one wrong example loses all 20
        ((0, 0, 14, "nope"), WA, 40.0, (0.0, 0.5)),
        ((0, 0, 0, 0), WA, 0.0, (0.0, 0.0)),
    ],
)
def test_group_scoring(add_canary, values, verdict, score, group_scores):
    result = grade(add_canary, outputs(*values))
    assert result.verdict is verdict
    assert result.score == pytest.approx(score)
    assert tuple(g.score for g in result.groups) == group_scores
    assert [g.name for g in result.groups] == ["examples", "hidden"]
    assert [g.weight for g in result.groups] == [20, 80]
    assert [g.visibility for g in result.groups] == [Visibility.PUBLIC, Visibility.HIDDEN]


def test_group_verdict_is_its_first_failure(add_canary):
    report = RunReport(tests=(ok(3), ok(15), failed("runtime_error"), ok("nope")))
    result = grade(add_canary, report)
    assert [g.verdict for g in result.groups] == [AC, RE]


def test_accepted_tests_score_one_and_failures_zero(add_canary):
    result = grade(add_canary, outputs(3, 0, 14, "nope"))
    assert [t.score for t in result.tests] == [1.0, 0.0, 1.0, 0.0]
    assert [t.verdict for t in result.tests] == [AC, WA, AC, WA]


@pytest.mark.parametrize(
    "raws, verdict",
    [
        ((ok(3), failed("runtime_error"), failed("time_limit_exceeded"), ok(CANARY)), RE),
        ((ok(3), ok(15), failed("time_limit_exceeded"), failed("runtime_error")), TLE),
        ((ok(0), failed("time_limit_exceeded"), ok(14), ok(CANARY)), WA),
        ((failed("memory_limit_exceeded"), ok(0), ok(14), ok(CANARY)), MLE),
        ((ok(3), ok(15), failed("output_limit_exceeded"), ok(0)), OLE),
        ((ok(3), ok(15), ok(14), failed("compile_error")), CE),
    ],
)
def test_overall_verdict_is_the_first_failing_test(add_canary, raws, verdict):
    result = grade(add_canary, RunReport(tests=raws))
    assert result.verdict is verdict


@pytest.mark.parametrize(
    "raws",
    [
        (ok(0), failed("runtime_error"), ok(14), failed("internal_error")),
        (failed("time_limit_exceeded"), ok(15), failed("no-such-status"), ok(CANARY)),  # unknown: the judge's fault
        (ok(3), ok(15), {"output": 14}, ok(CANARY)),  # no status at all
    ],
)
def test_internal_error_outranks_the_candidates_verdicts(add_canary, raws):
    result = grade(add_canary, RunReport(tests=raws))
    assert result.verdict is IE
    assert IE in [t.verdict for t in result.tests]


def test_runner_statuses_map_to_their_verdicts(add_canary):
    statuses = ["time_limit_exceeded", "memory_limit_exceeded", "runtime_error", "output_limit_exceeded"]
    result = grade(add_canary, RunReport(tests=tuple(failed(s) for s in statuses)))
    assert [t.verdict.value for t in result.tests] == statuses
    assert result.score == 0.0


def test_compile_error_makes_every_test_a_compile_error(add_canary):
    report = RunReport(
        tests=(None,) * 4, compile_error={"message": "SyntaxError: invalid syntax", "line": 3, "column": 15}
    )
    result = grade(add_canary, report)
    assert result.verdict is CE
    assert [t.verdict for t in result.tests] == [CE] * 4
    assert [t.name for t in result.tests] == [t.name for t in add_canary.tests]
    assert result.score == 0.0
    assert (result.compile_error.message, result.compile_error.line, result.compile_error.column) == (
        "SyntaxError: invalid syntax",
        3,
        15,
    )
    assert result.for_candidate().model_dump(mode="json")["compile_error"] == {
        "message": "SyntaxError: invalid syntax",
        "line": 3,
        "column": 15,
    }


def test_compile_error_wins_over_any_test_results(add_canary):
    report = RunReport(tests=tuple(ok(v) for v in RIGHT), compile_error={"message": "no", "line": None, "column": None})
    assert grade(add_canary, report).verdict is CE


# --- missing results ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "flags, verdict",
    [
        # The host stopped a container that outlived the runner's own bounds (which hold however busy the
        # machine): the judge failed, not the candidate.
        ({"timed_out": True}, IE),
        ({"oom_killed": True}, MLE),
        ({"timed_out": True, "oom_killed": True}, MLE),  # killed for memory while running out of time
        ({"internal_error": "the runner crashed", "timed_out": True}, IE),
        ({}, IE),  # no reason given: the judge's fault, not the candidate's
    ],
)
def test_missing_results(add_canary, flags, verdict):
    result = grade(add_canary, RunReport(tests=(ok(3), ok(15), None, None), **flags))
    assert [t.verdict for t in result.tests] == [AC, AC, verdict, verdict]
    assert result.verdict is verdict
    assert result.score == pytest.approx(20.0)


@pytest.mark.parametrize("flags, verdict", [({"timed_out": True}, IE), ({"oom_killed": True}, MLE), ({}, IE)])
def test_a_report_shorter_than_the_tests_leaves_no_test_ungraded(add_canary, flags, verdict):
    result = grade(add_canary, RunReport(tests=(ok(3),), **flags))
    assert len(result.tests) == len(add_canary.tests)
    assert [t.verdict for t in result.tests] == [AC, verdict, verdict, verdict]
    assert result.verdict is verdict
    assert result.score == 0.0


def test_missing_results_carry_the_report_message(add_canary):
    result = grade(add_canary, RunReport(tests=(None,) * 4, internal_error="the runner printed garbage"))
    assert result.message == "the runner printed garbage"
    assert result.for_candidate().model_dump(mode="json")["message"] == "the runner printed garbage"


def test_internal_error_result(add_canary):
    result = internal_error_result(add_canary, PYTHON, "the reference fails")
    assert result.verdict is IE
    assert [t.verdict for t in result.tests] == [IE] * 4
    assert [g.verdict for g in result.groups] == [IE, IE]
    assert result.score == 0.0
    assert result.message == "the reference fails"
    assert result.problem == "add-canary" and result.language == "python"
    assert result.total_ms is None


# --- what the candidate sees ----------------------------------------------------------------------


def test_hidden_tests_never_show_feedback(add_canary):
    report = RunReport(
        tests=(
            ok(3),
            ok(15),
            failed("runtime_error", "secret traceback", stdout="printed"),
            ok("nope", stdout="also printed"),
        )
    )
    result = grade(add_canary, report)
    view = result.for_candidate().model_dump(mode="json")
    hidden = [t for t in view["tests"] if t["visibility"] == "hidden"]
    assert len(hidden) == 2
    assert all("feedback" not in t for t in hidden)
    text = json.dumps(view)
    assert CANARY not in text
    assert "secret traceback" not in text
    assert "printed" not in text
    # The feedback is kept internally, for the judge's own logs.
    assert CANARY in result.tests[3].feedback["expected"]


def test_public_wrong_answer_shows_a_diff(add_canary):
    result = grade(add_canary, outputs(3, 16, 14, CANARY))
    feedback = result.for_candidate().model_dump(mode="json")["tests"][1]["feedback"]
    assert feedback["expected"] == "15"
    assert feedback["actual"] == "16"
    assert feedback["message"] == "the result: expected 15, got 16"
    assert json.loads(feedback["input"]) == {"args": [10, 5]}


def test_public_runtime_error_shows_message_and_output(add_canary):
    report = RunReport(
        tests=(failed("runtime_error", "ZeroDivisionError", stdout="debug", stderr=""), ok(15), ok(14), ok(CANARY))
    )
    feedback = grade(add_canary, report).for_candidate().model_dump(mode="json")["tests"][0]["feedback"]
    assert feedback == {"message": "ZeroDivisionError", "stdout": "debug"}  # empty streams are left out


def test_accepted_public_test_shows_only_its_output(add_canary):
    view = (
        grade(add_canary, RunReport(tests=(ok(3, stdout="dbg"), ok(15), ok(14), ok(CANARY))))
        .for_candidate()
        .model_dump(mode="json")
    )
    assert view["tests"][0]["feedback"] == {"stdout": "dbg"}
    assert "feedback" not in view["tests"][1]


def test_public_view_fields(add_canary):
    report = RunReport(tests=tuple(ok(v) for v in RIGHT), info={"python": "3.12"}, wall_ms=1234.56)
    view = grade(add_canary, report).for_candidate().model_dump(mode="json")
    assert view["problem"] == "add-canary"
    assert view["language"] == "python"
    assert view["verdict"] == "accepted"
    assert view["score"] == 100.0
    assert view["info"] == {"python": "3.12"}
    assert view["total_ms"] == 1234.6
    assert view["tests"][0] | {"feedback": None} == {
        "name": "examples/01",
        "group": "examples",
        "visibility": "public",
        "verdict": "accepted",
        "score": 1.0,
        "wall_ms": 1.25,
        "cpu_ms": 1.0,
        "memory_kb": 2048,
        "feedback": None,
    }
    assert "compile_error" not in view and "message" not in view


def test_zero_wall_time_is_not_reported(add_canary):
    assert grade(add_canary, outputs(*RIGHT)).total_ms is None


# --- SQL ------------------------------------------------------------------------------------------


def rows(*pairs):
    return {"columns": ["user_id", "plays"], "types": ["INTEGER", "BIGINT"], "rows": [list(p) for p in pairs]}


SQL = Source("SELECT 1", "sql", "duckdb")
# plays-per-user: examples/01 public weight 0; hidden/01, hidden/02 hidden weight 100.
REFERENCE = [rows((1, 2), (2, 1)), rows((1, 1), (3, 3)), rows((5, 1))]


@pytest.mark.parametrize(
    "actual, verdict, score",
    [
        (REFERENCE, AC, 100.0),
        ([rows((2, 1), (1, 2)), rows((3, 3), (1, 1)), rows((5, 1))], AC, 100.0),  # any row order
        ([rows((1, 2)), REFERENCE[1], REFERENCE[2]], WA, 99.9),  # a weight-0 group costs only the full score
        ([REFERENCE[0], rows((1, 1)), REFERENCE[2]], WA, 0.0),  # all or nothing
    ],
)
def test_sql_grading_against_reference_outputs(plays, actual, verdict, score):
    result = grade(plays, RunReport(tests=tuple(ok(a) for a in actual)), reference=REFERENCE, submission=SQL)
    assert result.verdict is verdict
    assert result.score == pytest.approx(score)


def test_sql_columns_are_required(plays):
    wrong = [{**r, "columns": ["user_id", "n"]} for r in REFERENCE]
    result = grade(plays, RunReport(tests=tuple(ok(a) for a in wrong)), reference=REFERENCE, submission=SQL)
    assert result.verdict is WA
    assert (
        "must be named user_id, plays"
        in result.for_candidate().model_dump(mode="json")["tests"][0]["feedback"]["message"]
    )


# --- python-metric: fractional test scores ----------------------------------------------------------


@pytest.fixture(scope="module")
def metric_problem(tmp_path_factory):
    directory = tmp_path_factory.mktemp("metric") / "dedupe"
    (directory / "data" / "examples").mkdir(parents=True)
    (directory / "data" / "hidden").mkdir(parents=True)
    (directory / "solutions").mkdir()
    (directory / "statement.md").write_text("# Dedupe\n")
    (directory / "solutions" / "reference.py").write_text("def solve(rows):\n    return []\n")
    (directory / "problem.yaml").write_text(
        "format: judge/1\nslug: dedupe\ntitle: Dedupe\nkind: python-metric\ndifficulty: medium\n"
        "scoring:\n  groups:\n    - {name: examples, visibility: public, weight: 1}\n"
        "    - {name: hidden, visibility: hidden, weight: 3, partial: true}\n"
        "metric: {entry: solve, name: pairwise_f1, threshold: 0.8}\n"
        "reference: solutions/reference.py\nsolutions:\n  - {file: solutions/reference.py, expect: wrong_answer}\n"
    )
    labels = [["a", "b", "c"], ["d", "e"]]
    for group in ("examples", "hidden"):
        for name in ("01", "02"):
            (directory / "data" / group / f"{name}.json").write_text(json.dumps({"args": [[]], "labels": labels}))
    return load_problem(directory)


def test_metric_scores_are_fractional_in_partial_groups(metric_problem):
    perfect = [["a", "b"], ["b", "c"], ["d", "e"]]
    half = [["a", "b"], ["d", "e"], ["c", "d"]]  # F1 0.5 against a threshold of 0.8
    report = RunReport(tests=(ok(perfect), ok(perfect), ok(perfect), ok(half)))
    result = grade(metric_problem, report)
    assert [t.verdict for t in result.tests] == [AC, AC, AC, WA]
    assert result.tests[3].score == pytest.approx(0.5 / 0.8)
    assert result.groups[1].score == pytest.approx((1 + 0.5 / 0.8) / 2)
    assert result.score == pytest.approx(100 * (1 + 3 * (1 + 0.5 / 0.8) / 2) / 4)
    assert result.tests[0].feedback["metric"] == "pairwise_f1"
    assert "feedback" not in result.for_candidate().model_dump(mode="json")["tests"][3]


def test_metric_invalid_prediction_is_a_wrong_answer_with_a_message(metric_problem):
    report = RunReport(tests=(ok("not pairs"), ok([]), ok([]), ok([])))
    result = grade(metric_problem, report)
    assert result.tests[0].verdict is WA
    assert (
        result.for_candidate().model_dump(mode="json")["tests"][0]["feedback"]["message"]
        == "return a list of pairs of ids"
    )


# --- the score and the verdict never contradict each other ----------------------------------------------------


def weightless_examples(tmp_path):
    import shutil

    directory = shutil.copytree(FIXTURES / "add-canary", tmp_path / "add-canary")
    spec = directory / "problem.yaml"
    spec.write_text(
        spec.read_text().replace(
            "{name: examples, visibility: public, weight: 20}", "{name: examples, visibility: public, weight: 0}"
        )
    )
    return load_problem(directory)


def test_a_failed_example_of_weight_0_is_not_a_full_score(tmp_path):
    # The mistake this catches: score 100 with wrong_answer, when only a weight-0 example failed.
    result = grade(weightless_examples(tmp_path), outputs(3, 0, 14, CANARY))
    assert result.verdict is WA and result.groups[1].score == 1.0
    assert result.score == 99.9 and result.for_candidate().score < 100


@pytest.mark.parametrize("values", [RIGHT, (3, 15, 14, "nope"), (3, 0, 14, CANARY), (0, 0, 0, "nope")])
def test_score_100_exactly_when_accepted(tmp_path, add_canary, values):
    for problem in (add_canary, weightless_examples(tmp_path)):
        result = grade(problem, outputs(*values)).for_candidate()
        assert (result.score == 100.0) == (result.verdict is AC), (values, result.score, result.verdict)


def test_hidden_tests_are_named_by_group_and_number_for_candidates(add_canary):
    result = grade(add_canary, outputs(*RIGHT)).for_candidate()
    assert [t.name for t in result.tests] == ["examples/01", "examples/02", "hidden/01", "hidden/02-canary"]
    shown = result.without_hidden_names()
    assert [t.name for t in shown.tests] == ["examples/01", "examples/02", "hidden #1", "hidden #2"]
    # Otherwise the same, but that a hidden test's figures are coarse (TestResult.coarse).
    assert [t.model_dump(exclude={"name"}) for t in shown.tests] == [
        (t.coarse() if t.visibility == "hidden" else t).model_dump(exclude={"name"}) for t in result.tests
    ]
    assert all(t.wall_ms is None and t.memory_kb in HIDDEN_MEMORY_KB for t in shown.tests if t.visibility == "hidden")


def test_a_message_that_names_a_hidden_test_names_it_by_group_and_number_for_candidates(add_canary):
    result = grade(add_canary, outputs(*RIGHT)).model_copy(
        update={"message": "the reference fails: hidden/02-canary: time_limit_exceeded; hidden/01: no result"}
    )
    shown = result.without_hidden_names()
    assert shown.message == "the reference fails: hidden #2: time_limit_exceeded; hidden #1: no result"
    assert result.without_hidden_names().message != result.message
    assert grade(add_canary, outputs(*RIGHT)).without_hidden_names().message is None


# --- a run on the examples ---------------------------------------------------------------------------------


def test_a_run_on_the_examples_is_judged_on_the_public_tests_alone(add_canary):
    references = ["r-ex1", "r-ex2", "r-hidden1", "r-canary"]
    cut, kept = examples_only(add_canary, references)
    assert [t.name for t in cut.tests] == ["examples/01", "examples/02"]
    assert kept == ["r-ex1", "r-ex2"]  # the reference outputs that go with the tests kept, in order
    assert [g.name for g in cut.groups()] == ["examples"] and cut.version == add_canary.version
    assert add_canary.tests[2].name.startswith("hidden/") and len(add_canary.tests) == 4  # the problem itself is whole
    # Its score counts the examples passed: one of two is 50, though the examples weigh nothing when graded.
    half = grade(cut, outputs(3, 0))
    assert (half.verdict, half.score) == (WA, 50.0)
    assert (grade(cut, outputs(3, 15)).verdict, grade(cut, outputs(3, 15)).score) == (AC, 100.0)


@pytest.mark.parametrize("references", [None, "derive"])
def test_a_run_passes_on_references_it_cannot_cut(add_canary, references):
    assert examples_only(add_canary, references)[1] == references


def test_a_problem_without_examples_cannot_be_run(add_canary):
    # The loader refuses a problem without public examples; a run refuses one all the same, naming why.
    hidden = dataclasses.replace(add_canary, tests=tuple(t for t in add_canary.tests if t.group == "hidden"))
    with pytest.raises(ValueError, match="no public examples"):
        examples_only(hidden, None)
