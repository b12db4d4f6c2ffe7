"""Reads problem directories, reporting every fault of a directory in one error."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from pydantic import ValidationError

from judge.errors import FormatIssue, ProblemFormatError, ProblemNotFound
from judge.kinds import KINDS, kind_named
from judge.format.model import Problem
from judge.verdicts import Verdict, Visibility

PROBLEM_FILE = "problem.yaml"


def load_problem(directory: Path) -> Problem:
    directory = Path(directory)
    issues: list[FormatIssue] = []
    raw = _read_yaml(directory / PROBLEM_FILE, issues)
    if raw is None:
        raise ProblemFormatError(str(directory), issues)
    kind = kind_named(str(raw.get("kind")))
    if kind is None:
        issues.append(FormatIssue(PROBLEM_FILE, "kind", f"unknown kind {raw.get('kind')!r}; one of {', '.join(KINDS)}"))
        raise ProblemFormatError(str(directory), issues)
    try:
        spec = kind.spec_model.model_validate(raw)
    except ValidationError as exc:
        issues += [_issue_from_pydantic(error) for error in exc.errors()]
        # Unknown keys alone should not hide the faults of the tests: check the rest without them.
        spec = _validate_without_unknown_keys(kind.spec_model, raw, exc)
        if spec is None:
            _check_common_files(directory, raw, issues)
            raise ProblemFormatError(str(directory), issues) from None
    _check_common_files(directory, raw, issues)
    _check_names(directory, spec, issues)
    tests, assets = kind.load(directory, spec, issues)
    _check_groups(directory, spec, tests, issues)
    _check_rules(spec, tests, issues)
    if issues:
        raise ProblemFormatError(str(directory), issues)
    statement = (directory / spec.statement).read_text(encoding="utf-8")
    return Problem(directory=directory, spec=spec, kind=kind, tests=tuple(tests), statement=statement, assets=assets)


def load_all(problems_dir: Path) -> tuple[list[Problem], list[ProblemFormatError]]:
    problems, errors = [], []
    for directory in sorted(p for p in Path(problems_dir).iterdir() if (p / PROBLEM_FILE).exists()):
        try:
            problems.append(load_problem(directory))
        except ProblemFormatError as exc:
            errors.append(exc)
    return problems, errors


def resolve_problem(name: str, problems_dir: Path) -> Problem:
    """A slug under the problems directory, or a path to a problem directory."""
    return load_problem(problem_directory(name, problems_dir))


def problem_directory(name: str, problems_dir: Path) -> Path:
    """The directory `name` names: a path to a problem directory, or a slug under the problems directory."""
    candidate = Path(name)
    if (candidate / PROBLEM_FILE).exists():
        return candidate
    if (Path(problems_dir) / name / PROBLEM_FILE).exists():
        return Path(problems_dir) / name
    raise ProblemNotFound(name)


def _read_yaml(path: Path, issues: list[FormatIssue]) -> dict | None:
    if not path.exists():
        issues.append(FormatIssue(path.name, "", "missing"))
        return None
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        issues.append(FormatIssue(path.name, "", f"not valid YAML: {exc}"))
        return None
    if not isinstance(raw, dict):
        issues.append(FormatIssue(path.name, "", "must be a mapping of keys to values"))
        return None
    return raw


def _validate_without_unknown_keys(model, raw: dict, exc: ValidationError):
    """The spec validated with every unknown key removed, or None if other errors remain."""
    errors = exc.errors()
    if any(error["type"] != "extra_forbidden" for error in errors):
        return None
    pruned = copy.deepcopy(raw)
    try:
        for error in errors:
            *parents, last = (part for part in error["loc"] if not str(part).startswith("function-"))
            node = pruned
            for part in parents:
                node = node[part]
            node.pop(last, None)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None
    try:
        return model.model_validate(pruned)
    except ValidationError:
        return None


def _issue_from_pydantic(error: dict) -> FormatIssue:
    field = ".".join(str(part) for part in error["loc"] if not str(part).startswith("function-"))
    message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
    return FormatIssue(PROBLEM_FILE, field, message)


def _check_common_files(directory: Path, raw: dict, issues: list[FormatIssue]) -> None:
    """File references that can be checked even when the rest of problem.yaml is invalid."""
    named = [("statement", raw.get("statement", "statement.md")), ("starter", raw.get("starter")),
             ("reference", raw.get("reference")), ("variants", raw.get("variants"))]
    solutions = raw.get("solutions") if isinstance(raw.get("solutions"), list) else []
    named += [(f"solutions.{i}.file", s.get("file")) for i, s in enumerate(solutions) if isinstance(s, dict)]
    for field, relative in named:
        if isinstance(relative, str) and not (directory / relative).is_file():
            issues.append(FormatIssue(PROBLEM_FILE, field, f"file {relative!r} does not exist"))


def _check_names(directory: Path, spec, issues: list[FormatIssue]) -> None:
    if spec.slug != directory.name:
        issues.append(FormatIssue(PROBLEM_FILE, "slug", f"{spec.slug!r} must equal the directory name {directory.name!r}"))
    groups = {g.name for g in spec.scoring.groups}
    for i, solution in enumerate(spec.solutions):
        for group in solution.groups:
            if group not in groups:
                issues.append(FormatIssue(PROBLEM_FILE, f"solutions.{i}.groups", f"no group named {group!r}"))
    if not any(g.visibility == "public" for g in spec.scoring.groups):
        issues.append(FormatIssue(PROBLEM_FILE, "scoring.groups", "at least one group must be public (the examples)"))


def _check_groups(directory: Path, spec, tests, issues: list[FormatIssue]) -> None:
    data = directory / "data"
    declared = {g.name for g in spec.scoring.groups}
    present = {p.name for p in data.iterdir() if p.is_dir()} if data.is_dir() else set()
    for extra in sorted(present - declared):
        issues.append(FormatIssue(f"data/{extra}", "", "this directory is not a group declared in scoring.groups"))
    with_tests = {t.group for t in tests}
    for group in sorted(declared - with_tests):
        issues.append(FormatIssue(f"data/{group}", "", "the group has no tests"))


def _check_rules(spec, tests, issues: list[FormatIssue]) -> None:
    """Each rule names tests that exist, one hidden at least, and is broken by a declared wrong solution;
    whether that solution fails one of those tests is for `judge problems verify` to show."""
    by_name = {t.name: t for t in tests}
    ids = [rule.id for rule in spec.rules]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        issues.append(FormatIssue(PROBLEM_FILE, "rules", f"the rule id {duplicate!r} is used twice"))
    broken = {rule for solution in spec.solutions for rule in solution.breaks}
    for i, rule in enumerate(spec.rules):
        unknown = [name for name in rule.tests if name not in by_name]
        for name in unknown:
            issues.append(FormatIssue(PROBLEM_FILE, f"rules.{i}.tests", f"no test named {name!r} (group/case)"))
        if not unknown and all(by_name[name].visibility is not Visibility.HIDDEN for name in rule.tests):
            issues.append(FormatIssue(PROBLEM_FILE, f"rules.{i}.tests", f"{rule.id}: name one hidden test at least"))
        if rule.id not in broken:
            issues.append(
                FormatIssue(PROBLEM_FILE, f"rules.{i}", f"{rule.id}: no declared wrong solution breaks it (breaks:)")
            )
    for i, solution in enumerate(spec.solutions):
        for rule in solution.breaks:
            if rule not in ids:
                issues.append(FormatIssue(PROBLEM_FILE, f"solutions.{i}.breaks", f"no rule with the id {rule!r}"))
        if solution.breaks and solution.expect is Verdict.ACCEPTED:
            issues.append(
                FormatIssue(PROBLEM_FILE, f"solutions.{i}.expect", "a solution that breaks a rule cannot be accepted")
            )
