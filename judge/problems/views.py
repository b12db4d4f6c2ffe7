"""What a candidate may see of a problem: its statement, starter, limits and the public tests' inputs.

Built only from the tests of public groups; hidden tests are never read here. The API and `judge problems show`
both show these.
"""

from __future__ import annotations

from judge.format.model import Problem
from judge.problems.render import render_statement
from judge.verdicts import Visibility


def problem_summary(problem: Problem) -> dict:
    spec = problem.spec
    return {"slug": problem.slug, "version": problem.version, "title": spec.title, "kind": problem.kind.name, "difficulty": spec.difficulty,
            "tags": list(spec.tags), "languages": list(problem.languages), "dialects": problem.dialects()}


def problem_detail(problem: Problem) -> dict:
    spec = problem.spec
    starter = None
    if spec.starter:
        starter = (problem.directory / spec.starter).read_text(encoding="utf-8")
    shown = examples(problem)
    return {**problem_summary(problem), "limits": spec.limits.resolved(), "statement": problem.statement,
            "statement_rendered": render_statement(problem, shown), "starter": starter, "examples": shown}


def examples(problem: Problem) -> list[dict]:
    return [problem.kind.example(problem, test) for test in problem.tests if test.visibility is Visibility.PUBLIC]


def statement(problem: Problem) -> str:
    """The statement with its generated sections, as `judge problems show` prints it."""
    return render_statement(problem, examples(problem))
