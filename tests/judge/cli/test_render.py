"""print_result: the per-test table of `judge check`, and of `judge submit` from the API's JSON."""

from __future__ import annotations

from rich.console import Console

from judge.cli.render import print_result
from judge.verdicts import SubmissionResult
from tests.judge.api.conftest import CANARY, compile_error_view, public_view


def render(view: dict) -> str:
    console = Console(record=True, width=200, color_system=None)
    print_result(console, SubmissionResult.model_validate(view.get("result", view)))
    return console.export_text()


def test_tests_verdicts_and_score():
    text = render({**public_view(), "dialect": None})
    assert "add-canary (python)" in text
    assert "examples/01" in text and "hidden/02-canary" in text and "wrong_answer" in text
    assert "expected: 3" in text and CANARY not in text
    assert "verdict: wrong_answer   score: 20.0/100" in text


def test_compile_error_and_text_that_looks_like_markup():
    view = {**compile_error_view(), "dialect": "postgres", "message": "[/bold] not markup [red]"}
    view["compile_error"]["message"] = "unexpected [/] near FORM"
    text = render(view)
    assert "plays-per-user (sql, postgres)" in text
    assert "compile error at line 1, column 10: unexpected [/] near FORM" in text
    assert "[/bold] not markup [red]" in text


def test_the_api_fields_around_a_result_are_ignored_and_hidden_feedback_never_shown():
    view = {"id": "abc", "status": "finished", "user": "ann", "attempts": 1, "result": public_view()}
    view["result"]["tests"][1]["feedback"] = {"expected": CANARY}
    assert CANARY not in render(view)
