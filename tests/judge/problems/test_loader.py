"""judge.problems.loader, spec and the kinds' load(): every fault of a problem directory, in one error."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
import yaml

from judge.errors import FormatIssue, ProblemFormatError, ProblemNotFound
from judge.kinds import KINDS
from judge.problems.loader import load_all, load_problem, resolve_problem
from judge.verdicts import Visibility

from tests.conftest import FIXTURES
FIXTURE_SLUGS = sorted(p.name for p in FIXTURES.iterdir() if (p / "problem.yaml").exists())


def copy_fixture(tmp_path: Path, slug: str) -> Path:
    return Path(shutil.copytree(FIXTURES / slug, tmp_path / slug))


def edit_yaml(directory: Path, change) -> None:
    path = directory / "problem.yaml"
    raw = yaml.safe_load(path.read_text())
    change(raw)
    path.write_text(yaml.safe_dump(raw, sort_keys=False))


def load_issues(directory: Path) -> list[FormatIssue]:
    with pytest.raises(ProblemFormatError) as info:
        load_problem(directory)
    assert info.value.directory == str(directory)
    return info.value.issues


def has_issue(issues: list[FormatIssue], file: str, field: str, fragment: str) -> bool:
    return any(i.file == file and i.field == field and fragment in i.message for i in issues)


# --- the fixtures load cleanly ----------------------------------------------------------------------

def test_there_are_fixtures():
    assert FIXTURE_SLUGS == ["add-canary", "count-stream", "hostile-clusters", "hostile-plays", "hostile-sum",
                             "plays-per-user"]


@pytest.mark.parametrize("slug", FIXTURE_SLUGS)
def test_fixtures_load_cleanly(slug):
    problem = load_problem(FIXTURES / slug)
    assert problem.slug == slug
    assert problem.directory == FIXTURES / slug
    assert problem.tests
    assert {t.group for t in problem.tests} == {g.name for g in problem.groups()}
    assert problem.statement.startswith("#")
    assert all(t.name.startswith(f"{t.group}/") for t in problem.tests)


def test_add_canary_tests():
    problem = load_problem(FIXTURES / "add-canary")
    assert problem.kind is KINDS["python-function"]
    assert [t.name for t in problem.tests] == ["examples/01", "examples/02", "hidden/01", "hidden/02-canary"]
    assert [t.visibility for t in problem.tests] == [Visibility.PUBLIC] * 2 + [Visibility.HIDDEN] * 2
    assert problem.tests[0].payload == {"args": [1, 2], "expected": 3}
    assert problem.languages == ["python"]
    assert problem.dialects() == []
    assert problem.spec.limits.time_s == 1.0 and problem.spec.limits.output_kb == 64
    assert [g.partial for g in problem.groups()] == [False, True]


def test_plays_per_user_tests_and_schema():
    problem = load_problem(FIXTURES / "plays-per-user")
    assert problem.kind is KINDS["sql"]
    assert [t.name for t in problem.tests] == ["examples/01", "hidden/01", "hidden/02"]
    assert all(t.path.is_dir() and t.payload is None for t in problem.tests)
    assert list(problem.assets.tables) == ["users", "plays"]
    assert list(problem.assets.tables["plays"]) == ["play_id", "user_id", "played_at"]
    assert "CREATE TABLE users" in problem.assets.schema_sql
    assert problem.dialects() == ["duckdb", "postgres"]
    assert problem.languages == ["sql"]


def test_problems_directory_does_not_crash_the_loader():
    """problems/ is authored concurrently: only a crash (not a format error) would be the loader's fault."""
    problems_dir = FIXTURES.parents[2] / "problems"
    if not problems_dir.is_dir():
        pytest.skip("no problems/ directory")
    problems, errors = load_all(problems_dir)
    assert all(isinstance(e, ProblemFormatError) for e in errors)


# --- one error lists every fault ------------------------------------------------------------------------

def test_every_fault_of_a_python_problem_is_reported_at_once(tmp_path):
    directory = copy_fixture(tmp_path, "add-canary")

    def change(raw):
        raw["colour"] = "blue"  # an unknown key
        raw["solutions"].append({"file": "solutions/missing.py", "expect": "accepted"})
        raw["scoring"]["groups"].append({"name": "edge", "visibility": "hidden", "weight": 1})  # no tests

    edit_yaml(directory, change)
    (directory / "data" / "stray").mkdir()  # a group nobody declared
    (directory / "data" / "stray" / "01.json").write_text('{"args": [1, 1], "expected": 2}')
    (directory / "data" / "hidden" / "03.json").write_text('{"args": [1,')
    (directory / "data" / "hidden" / "04.json").write_text('{"args": [1, 2], "expected": 3, "answer": 3}')
    (directory / "data" / "hidden" / "05.json").write_text('{"expected": 3}')

    issues = load_issues(directory)
    expected = [
        ("problem.yaml", "colour", "unknown key"),
        ("problem.yaml", "solutions.2.file", "'solutions/missing.py' does not exist"),
        ("data/stray", "", "not a group declared in scoring.groups"),
        ("data/edge", "", "the group has no tests"),
        ("data/hidden/03.json", "", "not valid JSON"),
        ("data/hidden/04.json", "answer", "unknown key"),
        ("data/hidden/05.json", "args", "required"),
    ]
    for file, field, fragment in expected:
        assert has_issue(issues, file, field, fragment), f"{file} {field} {fragment!r} not in {issues}"
    assert len(issues) == len(expected)


def test_every_fault_of_a_sql_problem_is_reported_at_once(tmp_path):
    directory = copy_fixture(tmp_path, "plays-per-user")

    def change(raw):
        raw["sql"]["shape"] = "round"
        raw["sql"]["order_by"] = ["played_at"]
        raw["solutions"][1]["groups"] = {"nope": "accepted"}

    edit_yaml(directory, change)
    (directory / "data" / "examples" / "01" / "users.csv").write_text("user_id,nickname\n1,ann\n")
    (directory / "data" / "hidden" / "01" / "secrets.csv").write_text("a\n1\n")
    (directory / "data" / "hidden" / "02" / "notes.txt").write_text("hello\n")
    (directory / "data" / "hidden" / "03.csv").write_text("user_id,name\n")
    (directory / "data" / "extra").mkdir()

    issues = load_issues(directory)
    expected = [
        ("problem.yaml", "sql.shape", "unknown key"),
        ("problem.yaml", "sql.order_by", "'played_at' is not among sql.columns"),
        ("problem.yaml", "solutions.1.groups", "no group named 'nope'"),
        ("data/examples/01/users.csv", "header", "must be user_id,name, not user_id,nickname"),
        ("data/hidden/01/secrets.csv", "", "not a table of schema (users, plays)"),
        ("data/hidden/02/notes.txt", "", "not a table of schema"),
        ("data/hidden/03.csv", "", "SQL tests are directories"),
        ("data/extra", "", "not a group declared"),
    ]
    for file, field, fragment in expected:
        assert has_issue(issues, file, field, fragment), f"{file} {field} {fragment!r} not in {issues}"
    assert len(issues) == len(expected)


def test_format_error_message_lists_every_issue(tmp_path):
    directory = copy_fixture(tmp_path, "add-canary")
    edit_yaml(directory, lambda raw: raw.update(colour="blue", size=3))
    with pytest.raises(ProblemFormatError) as info:
        load_problem(directory)
    text = str(info.value)
    assert text.startswith(f"{directory} has 2 error(s):")
    assert "  - problem.yaml: colour: unknown key" in text
    assert "  - problem.yaml: size: unknown key" in text


# --- single faults ---------------------------------------------------------------------------------------

def _yaml(change):
    return lambda d: edit_yaml(d, change)


def _write(relative: str, text: str):
    def write(directory: Path) -> None:
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return write


def _remove(relative: str):
    def remove(directory: Path) -> None:
        path = directory / relative
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return remove


def _set(path: str, value):
    """Set a dotted key of problem.yaml; digits index lists."""
    def change(raw):
        *parents, last = path.split(".")
        node = raw
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    return _yaml(change)


def _checker(source: str | None):
    def add(directory: Path) -> None:
        edit_yaml(directory, lambda raw: raw["python"].update(compare="custom", checker="checker.py"))
        if source is not None:
            (directory / "checker.py").write_text(source)
    return add


def _gzip(relative: str, data: bytes):
    def write(directory: Path) -> None:
        with gzip.open(directory / relative, "wb") as handle:
            handle.write(data)
    return write


BREAKAGES = [
    # problem.yaml itself
    ("add-canary", _remove("problem.yaml"), "problem.yaml", "", "missing"),
    ("add-canary", _write("problem.yaml", "slug: [unclosed\n"), "problem.yaml", "", "not valid YAML"),
    ("add-canary", _write("problem.yaml", "- a list\n"), "problem.yaml", "", "must be a mapping"),
    ("add-canary", _set("kind", "cobol"), "problem.yaml", "kind", "unknown kind 'cobol'"),
    ("add-canary", _set("colour", "blue"), "problem.yaml", "colour", "unknown key"),
    ("add-canary", _set("scoring.groups.0.colour", 1), "problem.yaml", "scoring.groups.0.colour", "unknown key"),
    ("add-canary", _set("limits.cpus", 2), "problem.yaml", "limits.cpus", "unknown key"),
    ("add-canary", _set("python.timeout", 2), "problem.yaml", "python.timeout", "unknown key"),
    ("add-canary", _set("solutions.0.why", "x"), "problem.yaml", "solutions.0.why", "unknown key"),
    ("add-canary", _set("format", "judge/2"), "problem.yaml", "format", "judge/1"),
    ("add-canary", _set("slug", "other-name"), "problem.yaml", "slug", "must equal the directory name"),
    ("add-canary", _set("slug", "Add Canary"), "problem.yaml", "slug", "pattern"),
    ("add-canary", _set("title", ""), "problem.yaml", "title", "at least 1 character"),
    ("add-canary", _set("difficulty", "trivial"), "problem.yaml", "difficulty", "'easy', 'medium' or 'hard'"),
    ("add-canary", _set("limits.time_s", 0), "problem.yaml", "limits.time_s", "greater than 0"),
    ("add-canary", _set("limits.wall_s", 0.5), "problem.yaml", "limits", "must be at least time_s"),
    ("add-canary", _set("limits.memory_mb", 100000), "problem.yaml", "limits.memory_mb", "less than or equal to 8192"),
    ("add-canary", _set("scoring.groups.0.weight", -1), "problem.yaml", "scoring.groups.0.weight",
     "greater than or equal to 0"),
    ("add-canary", _set("scoring.groups.0.visibility", "secret"), "problem.yaml", "scoring.groups.0.visibility",
     "'public' or 'hidden'"),
    ("add-canary", _set("scoring.groups.1.name", "examples"), "problem.yaml", "scoring", "group names must be unique"),
    ("add-canary", _set("scoring.groups", [{"name": "examples", "visibility": "public", "weight": 0},
                                           {"name": "hidden", "visibility": "hidden", "weight": 0}]),
     "problem.yaml", "scoring", "at least one group needs a positive weight"),
    ("add-canary", _set("scoring.groups", []), "problem.yaml", "scoring.groups", "at least 1 item"),
    ("add-canary", _set("scoring.groups.0.visibility", "hidden"), "problem.yaml", "scoring.groups",
     "at least one group must be public"),
    ("add-canary", _set("solutions", []), "problem.yaml", "solutions", "at least 1 item"),
    ("add-canary", _set("solutions.0.expect", "internal_error"), "problem.yaml", "solutions.0.expect",
     "cannot be expected to cause an internal error"),
    ("add-canary", _set("solutions.0.expect", "great"), "problem.yaml", "solutions.0.expect", "Input should be"),
    ("add-canary", _set("solutions.1.groups", {"nope": "accepted"}), "problem.yaml", "solutions.1.groups",
     "no group named 'nope'"),
    ("add-canary", _set("reference", "solutions/gone.py"), "problem.yaml", "reference",
     "file 'solutions/gone.py' does not exist"),
    ("add-canary", _set("starter", "starter.py"), "problem.yaml", "starter", "file 'starter.py' does not exist"),
    ("add-canary", _remove("statement.md"), "problem.yaml", "statement", "file 'statement.md' does not exist"),
    ("add-canary", _remove("solutions/wrong.py"), "problem.yaml", "solutions.1.file", "does not exist"),
    # rules: each names tests that exist, one hidden at least, and is broken by a declared wrong solution
    ("add-canary", _set("rules", [{"id": "sum", "text": "a + b", "tests": ["hidden/09"]}]), "problem.yaml",
     "rules.0.tests", "no test named 'hidden/09'"),
    ("add-canary", _set("rules", [{"id": "sum", "text": "a + b", "tests": ["examples/01"]}]), "problem.yaml",
     "rules.0.tests", "sum: name one hidden test at least"),
    ("add-canary", _set("rules", [{"id": "sum", "text": "a + b", "tests": ["hidden/01"]}]), "problem.yaml",
     "rules.0", "sum: no declared wrong solution breaks it"),
    ("add-canary", _set("rules", [{"id": "sum", "text": "a + b", "tests": []}]), "problem.yaml", "rules.0.tests",
     "at least 1 item"),
    ("add-canary", _set("rules", [{"id": "sum", "text": "two\nlines", "tests": ["hidden/01"]}]), "problem.yaml",
     "rules.0.text", "state the rule on one line"),
    ("add-canary", _set("rules", [{"id": "Sum Rule", "text": "a + b", "tests": ["hidden/01"]}]), "problem.yaml",
     "rules.0.id", "pattern"),
    ("add-canary", _set("rules", [{"id": "sum", "text": "a + b", "tests": ["hidden/01"]}] * 2), "problem.yaml",
     "rules", "the rule id 'sum' is used twice"),
    ("add-canary", _set("solutions.1.breaks", ["nothing-such"]), "problem.yaml", "solutions.1.breaks",
     "no rule with the id 'nothing-such'"),
    ("add-canary", _set("solutions.0.breaks", ["nothing-such"]), "problem.yaml", "solutions.0.expect",
     "a solution that breaks a rule cannot be accepted"),
    # python-function settings
    ("add-canary", _set("python.entry", "not valid"), "problem.yaml", "python.entry", "pattern"),
    ("add-canary", _set("python.compare", "fuzzy"), "problem.yaml", "python.compare", "Input should be"),
    ("add-canary", _set("python.compare", "custom"), "problem.yaml", "python",
     "give a checker file exactly when compare is custom"),
    ("add-canary", _checker(None), "problem.yaml", "python.checker", "file 'checker.py' does not exist"),
    ("add-canary", _checker("raise RuntimeError('broken checker')\n"), "checker.py", "",
     "the checker fails to import: broken checker"),
    ("add-canary", _checker("CHECK = 1\n"), "checker.py", "check", "must define check(actual, expected, case)"),
    ("add-canary", _set("python.abs_tol", -1), "problem.yaml", "python.abs_tol", "greater than or equal to 0"),
    # python test files
    ("add-canary", _write("data/examples/notes.txt", "x"), "data/examples/notes.txt", "",
     "tests of this kind are .json or .json.gz files"),
    ("add-canary", _write("data/examples/03.json/inner.json", "{}"), "data/examples/03.json", "",
     "tests of this kind are .json"),
    ("add-canary", _write("data/examples/01.json", "{oops"), "data/examples/01.json", "", "not valid JSON"),
    ("add-canary", _write("data/examples/01.json", "[1, 2]"), "data/examples/01.json", "",
     "must be a JSON object with 'args'"),
    ("add-canary", _write("data/examples/01.json", '{"args": [1, 2], "expect": 3}'), "data/examples/01.json",
     "expect", "unknown key"),
    ("add-canary", _write("data/examples/01.json", '{"expected": 3}'), "data/examples/01.json", "args",
     "required, a list of positional arguments"),
    ("add-canary", _write("data/examples/01.json", '{"args": {"a": 1}}'), "data/examples/01.json", "args",
     "required, a list"),
    ("add-canary", _write("data/examples/01.json", '{"args": [], "kwargs": [1]}'), "data/examples/01.json",
     "kwargs", "must be an object of keyword arguments"),
    ("add-canary", _gzip("data/examples/03.json.gz", b"not json"), "data/examples/03.json.gz", "",
     "not valid JSON"),
    ("add-canary", _write("data/examples/03.json.gz", "not gzip at all"), "data/examples/03.json.gz", "",
     "not valid JSON"),
    ("add-canary", _remove("data/hidden"), "data/hidden", "", "the group has no tests"),
    ("add-canary", _write("data/extra/01.json", '{"args": []}'), "data/extra", "",
     "this directory is not a group declared in scoring.groups"),
    # sql
    ("plays-per-user", _remove("schema.sql"), "problem.yaml", "sql.schema", "file 'schema.sql' does not exist"),
    ("plays-per-user", _write("schema.sql", "CREATE TABLE (;"), "schema.sql", "", "cannot be parsed"),
    ("plays-per-user", _write("schema.sql", "CREATE TABLE users (user_id INTEGER, name VARCHAR);\n"
                                            "CREATE TABLE plays (play_id INTEGER, user_id INTEGER, played_at TIMESTAMP);\n"
                                            "INSERT INTO users VALUES (1, 'x');\n"),
     "schema.sql", "", "only CREATE TABLE statements are allowed"),
    ("plays-per-user", _write("schema.sql", "-- nothing\n"), "schema.sql", "", "declares no tables"),
    ("plays-per-user", _set("sql.dialects", ["oracle"]), "problem.yaml", "sql.dialects.0",
     "'snowflake' or 'sqlite'"),
    ("plays-per-user", _set("sql.dialects", []), "problem.yaml", "sql.dialects", "at least 1 item"),
    ("plays-per-user", _set("sql.float_tol", -0.1), "problem.yaml", "sql.float_tol", "greater than or equal to 0"),
    ("plays-per-user", _set("sql.order_by", ["plays", "when"]), "problem.yaml", "sql.order_by",
     "'when' is not among sql.columns"),
    ("plays-per-user", _set("solutions.0.dialect", "oracle"), "problem.yaml", "solutions.0.dialect",
     "'oracle' is not among sql.dialects"),
    ("plays-per-user", _write("data/hidden/03", "a file"), "data/hidden/03", "",
     "SQL tests are directories holding one CSV per table"),
    ("plays-per-user", _write("data/hidden/01/users.csv", "name,user_id\nann,1\n"), "data/hidden/01/users.csv",
     "header", "must be user_id,name, not name,user_id"),
    ("plays-per-user", _write("data/hidden/01/users.csv", ""), "data/hidden/01/users.csv", "header",
     "must be user_id,name, not "),
    ("plays-per-user", _write("data/hidden/01/orders.csv", "id\n1\n"), "data/hidden/01/orders.csv", "",
     "not a table of schema (users, plays) as a .csv file"),
    ("plays-per-user", _write("data/hidden/01/users.tsv", "user_id\tname\n"), "data/hidden/01/users.tsv", "",
     "as a .csv file"),
    ("plays-per-user", _remove("data/examples"), "data/examples", "", "the group has no tests"),
]


@pytest.mark.parametrize("slug, breakage, file, field, fragment", BREAKAGES,
                         ids=[f"{b[0]}:{b[2]}:{b[3]}:{b[4][:40]}" for b in BREAKAGES])
def test_single_breakage(tmp_path, slug, breakage, file, field, fragment):
    directory = copy_fixture(tmp_path, slug)
    breakage(directory)
    issues = load_issues(directory)
    assert has_issue(issues, file, field, fragment), issues


def test_unknown_keys_do_not_hide_the_checks_of_the_tests(tmp_path):
    directory = copy_fixture(tmp_path, "add-canary")
    edit_yaml(directory, lambda raw: raw["limits"].update(cpus=4))
    (directory / "data" / "examples" / "01.json").write_text("{}")
    issues = load_issues(directory)
    assert has_issue(issues, "problem.yaml", "limits.cpus", "unknown key")
    assert has_issue(issues, "data/examples/01.json", "args", "required")


def test_other_spec_errors_still_report_missing_files(tmp_path):
    directory = copy_fixture(tmp_path, "add-canary")
    edit_yaml(directory, lambda raw: raw.update(difficulty="trivial", reference="gone.py"))
    issues = load_issues(directory)
    assert has_issue(issues, "problem.yaml", "difficulty", "Input should be")
    assert has_issue(issues, "problem.yaml", "reference", "'gone.py' does not exist")


# --- things that must load --------------------------------------------------------------------------------

def test_gzipped_tests_load(tmp_path):
    directory = copy_fixture(tmp_path, "add-canary")
    with gzip.open(directory / "data" / "hidden" / "03.json.gz", "wt", encoding="utf-8") as handle:
        json.dump({"args": [2, 2], "kwargs": {}, "expected": 4}, handle)
    problem = load_problem(directory)
    test = next(t for t in problem.tests if t.name == "hidden/03")
    assert test.payload == {"args": [2, 2], "kwargs": {}, "expected": 4}


def test_custom_checker_loads_and_adapts_return_values(tmp_path):
    directory = copy_fixture(tmp_path, "add-canary")
    (directory / "checker.py").write_text(
        "def check(actual, expected, case):\n"
        "    if actual == expected:\n        return True\n"
        "    if actual == 'half':\n        return 0.5, 'half right'\n"
        "    return 7\n")
    edit_yaml(directory, lambda raw: raw["python"].update(compare="custom", checker="checker.py"))
    checker = load_problem(directory).assets.checker
    assert checker(3, 3, {}).passed
    half = checker("half", 3, {})
    assert (half.passed, half.score, half.feedback) == (False, 0.5, {"message": "half right"})
    assert checker(1, 3, {}).score == 1.0  # clamped


def test_spec_defaults(tmp_path):
    directory = copy_fixture(tmp_path, "add-canary")
    edit_yaml(directory, lambda raw: (raw.pop("limits"), raw.pop("tags")))
    spec = load_problem(directory).spec
    assert (spec.limits.time_s, spec.limits.memory_mb, spec.limits.output_kb) == (2.0, 256, 1024)
    assert spec.tags == [] and spec.statement == "statement.md" and spec.starter is None


# --- load_all and resolve_problem -----------------------------------------------------------------------

def test_load_all_separates_good_and_broken(tmp_path):
    copy_fixture(tmp_path, "add-canary")
    broken = copy_fixture(tmp_path, "plays-per-user")
    (broken / "schema.sql").unlink()
    (tmp_path / "not-a-problem").mkdir()
    problems, errors = load_all(tmp_path)
    assert [p.slug for p in problems] == ["add-canary"]
    assert len(errors) == 1 and errors[0].directory == str(broken)


def test_resolve_problem_by_slug_and_by_path(tmp_path):
    copy_fixture(tmp_path, "add-canary")
    assert resolve_problem("add-canary", tmp_path).slug == "add-canary"
    assert resolve_problem(str(FIXTURES / "plays-per-user"), tmp_path).slug == "plays-per-user"
    with pytest.raises(ProblemNotFound, match="no problem named 'nope'"):
        resolve_problem("nope", tmp_path)


def test_a_problems_version_follows_its_files(tmp_path):
    directory = copy_fixture(tmp_path, "add-canary")
    before = load_problem(directory).version
    assert before == load_problem(directory).version
    (directory / "data" / "hidden" / "01.json").write_text('{"args": [7, 7], "expected": 15}')
    assert load_problem(directory).version != before


def test_sql_problems_offer_all_six_dialects_by_default():
    from judge.kinds.sql import DIALECTS, SqlConfig

    assert SqlConfig().dialects == list(DIALECTS)
    assert set(DIALECTS) == {"duckdb", "postgres", "mysql", "bigquery", "snowflake", "sqlite"}
    assert DIALECTS[0] == "duckdb"  # the default when a submission names none


def test_generated_arguments_need_the_generators_file(tmp_path):
    import json
    import shutil

    from judge.errors import ProblemFormatError
    from judge.problems.loader import load_problem

    directory = tmp_path / "count-stream"
    shutil.copytree(FIXTURES / "count-stream", directory)
    (directory / "data" / "hidden" / "02.json").write_text(json.dumps(
        {"args": [{"$generate": {"function": "nope", "kwargs": {}}}], "expected": 0}))
    with pytest.raises(ProblemFormatError) as info:
        load_problem(directory)
    assert any(i.file == "data/hidden/02.json" and "'nope', which generators.py does not define" in i.message
               for i in info.value.issues)
    spec = (directory / "problem.yaml").read_text().replace(", generators: generators.py", "")
    (directory / "problem.yaml").write_text(spec)
    with pytest.raises(ProblemFormatError) as info:
        load_problem(directory)
    assert sum("sets no python.generators" in i.message for i in info.value.issues) == 3  # 2 good, 1 bad
