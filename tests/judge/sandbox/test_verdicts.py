"""Every verdict, produced by real submissions in real containers."""

from __future__ import annotations

import json
import re
import textwrap

import pytest

from judge.verdicts import Verdict
from tests.conftest import CANARY as HIDDEN_CANARY

pytestmark = pytest.mark.sandbox

PYTHON_CASES = [
    (
        "accepted",
        "def solve(a, b):\n    if a == 'secret':\n        return 'no idea'\n    return a + b\n",
        Verdict.WRONG_ANSWER,
    ),  # right on all but the canary test, whose answer it cannot know
    ("endless-loop", "def solve(a, b):\n    while True:\n        pass\n", Verdict.TIME_LIMIT_EXCEEDED),
    ("module-level-loop", "while True:\n    pass\ndef solve(a, b):\n    return a + b\n", Verdict.TIME_LIMIT_EXCEEDED),
    ("sleeps", "import time\ndef solve(a, b):\n    time.sleep(30)\n", Verdict.TIME_LIMIT_EXCEEDED),
    (
        "large-allocation",
        "def solve(a, b):\n    block = bytearray(1024 * 1024 * 1024)\n    return len(block)\n",
        Verdict.MEMORY_LIMIT_EXCEEDED,
    ),
    (
        "growing-list",
        "def solve(a, b):\n    hog = []\n    while True:\n        hog.append(' ' * 10**6)\n",
        Verdict.MEMORY_LIMIT_EXCEEDED,
    ),
    ("exception", "def solve(a, b):\n    raise ValueError('boom')\n", Verdict.RUNTIME_ERROR),
    ("exit", "import sys\ndef solve(a, b):\n    sys.exit(3)\n", Verdict.RUNTIME_ERROR),
    ("hard-exit", "import os\ndef solve(a, b):\n    os._exit(7)\n", Verdict.RUNTIME_ERROR),
    ("module-level-error", "import no_such_module\ndef solve(a, b):\n    return 0\n", Verdict.RUNTIME_ERROR),
    ("unjudgeable-return", "def solve(a, b):\n    return object()\n", Verdict.RUNTIME_ERROR),
    ("syntax-error", "def solve(a, b):\n    return (a +\n", Verdict.COMPILE_ERROR),
    ("no-entry-point", "def other(a, b):\n    return a + b\n", Verdict.COMPILE_ERROR),
    ("print-flood", "def solve(a, b):\n    while True:\n        print('x' * 10000)\n", Verdict.OUTPUT_LIMIT_EXCEEDED),
    ("huge-result", "def solve(a, b):\n    return 'x' * (10 * 1024 * 1024)\n", Verdict.OUTPUT_LIMIT_EXCEEDED),
    ("wrong", "def solve(a, b):\n    return a - b\n", Verdict.WRONG_ANSWER),
]


@pytest.mark.parametrize("name, source, verdict", PYTHON_CASES, ids=[c[0] for c in PYTHON_CASES])
def test_python_verdicts(judge, load_fixture, name, source, verdict):
    problem = load_fixture("add-canary")
    result = judge.judge(problem, judge.accept(problem, source))
    assert result.verdict is verdict, result.for_candidate().model_dump(mode="json")
    first_public = Verdict.ACCEPTED if name == "accepted" else verdict
    assert result.tests[0].verdict is first_public
    if verdict in (Verdict.TIME_LIMIT_EXCEEDED, Verdict.MEMORY_LIMIT_EXCEEDED):
        assert result.score == 0


def test_compile_error_gives_line_and_column_for_python(judge, load_fixture):
    problem = load_fixture("add-canary")
    source = "def solve(a, b):\n    x = 1\n    return a +* b\n"
    result = judge.judge(problem, judge.accept(problem, source))
    assert result.verdict is Verdict.COMPILE_ERROR
    assert (result.compile_error.line, result.compile_error.column) == (3, 15)  # the "*"
    assert "SyntaxError" in result.compile_error.message


@pytest.mark.parametrize(
    "dialect, source, line, column",
    [
        ("duckdb", "SELECT user_id,\n       COUNT(* AS plays\nFROM plays GROUP BY user_id", 2, None),
        ("postgres", "SELECT user_id, COUNT(*) AS plays\nFROM plays\nGROUP BY user_id HAVING", 3, None),
        ("duckdb", "SELECT user_id, 'unterminated FROM plays", None, None),
    ],
)
def test_compile_error_gives_line_and_column_for_sql(judge, load_fixture, dialect, source, line, column):
    problem = load_fixture("plays-per-user")
    result = judge.judge(problem, judge.accept(problem, source, dialect=dialect))
    assert result.verdict is Verdict.COMPILE_ERROR, result.for_candidate().model_dump(mode="json")
    if line is not None:
        assert result.compile_error.line == line
        assert result.compile_error.column is not None and result.compile_error.column > 0


def test_runtime_error_shows_the_candidates_traceback_on_public_tests_only(judge, load_fixture):
    problem = load_fixture("add-canary")
    result = judge.judge(problem, judge.accept(problem, "def solve(a, b):\n    raise ValueError('boom')\n"))
    public, hidden = (
        result.for_candidate().model_dump(mode="json")["tests"][0],
        result.for_candidate().model_dump(mode="json")["tests"][-1],
    )
    assert "ValueError: boom" in public["feedback"]["message"]
    assert 'File "solution.py", line 2' in public["feedback"]["message"]
    assert "judgebox" not in public["feedback"]["message"]  # the runner's own frames are not shown
    assert "feedback" not in hidden


def test_wrong_answer_shows_a_public_diff_and_no_hidden_detail(judge, load_fixture):
    problem = load_fixture("add-canary")
    result = judge.judge(problem, judge.accept(problem, "def solve(a, b):\n    print('debug', a)\n    return a - b\n"))
    view = result.for_candidate().model_dump(mode="json")
    first = view["tests"][0]
    assert first["verdict"] == "wrong_answer"
    assert first["feedback"]["expected"] == "3" and first["feedback"]["actual"] == "-1"
    assert first["feedback"]["input"] == json.dumps({"args": [1, 2]})
    assert first["feedback"]["stdout"] == "debug 1\n"
    hidden = [t for t in view["tests"] if t["visibility"] == "hidden"]
    assert hidden and all(
        set(t) == {"name", "group", "visibility", "verdict", "score", "wall_ms", "cpu_ms", "memory_kb"} for t in hidden
    )
    assert HIDDEN_CANARY not in json.dumps(view)


def test_sql_wrong_answer_shows_differing_rows(judge, load_fixture):
    problem = load_fixture("plays-per-user")
    result = judge.judge(
        problem, judge.accept(problem, "SELECT user_id, COUNT(*) + 1 AS plays FROM plays GROUP BY user_id")
    )
    feedback = result.for_candidate().model_dump(mode="json")["tests"][0]["feedback"]
    assert result.verdict is Verdict.WRONG_ANSWER
    assert [1, 2] in feedback["missing_rows"] and [1, 3] in feedback["unexpected_rows"]


@pytest.mark.parametrize(
    "source, verdict",
    [
        ("SELECT user_id, COUNT(*) AS plays FROM plays GROUP BY user_id", Verdict.ACCEPTED),
        ("SELECT user_id, COUNT(*) AS n FROM plays GROUP BY user_id", Verdict.WRONG_ANSWER),
        ("SELECT user_id, plays FROM (SELECT user_id, COUNT(*) plays FROM plays GROUP BY 1)", Verdict.ACCEPTED),
        (
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT 1 AS user_id, COUNT(*) AS plays FROM r",
            Verdict.TIME_LIMIT_EXCEEDED,
        ),
        (
            "SELECT 1 AS user_id, COUNT(*) AS plays FROM range(100000) a, range(100000) b, range(1000) c",
            Verdict.TIME_LIMIT_EXCEEDED,
        ),
        ("SELECT user_id, CAST(name AS INTEGER) AS plays FROM users", Verdict.RUNTIME_ERROR),
        ("SELECT nope, COUNT(*) AS plays FROM plays GROUP BY user_id", Verdict.COMPILE_ERROR),
        ("DROP TABLE plays", Verdict.COMPILE_ERROR),
        ("SELECT 1; SELECT 2", Verdict.COMPILE_ERROR),
        ("SELECT * FROM read_csv('/box/task.json')", Verdict.COMPILE_ERROR),
    ],
)
def test_sql_verdicts(judge, load_fixture, source, verdict):
    problem = load_fixture("plays-per-user")
    result = judge.judge(problem, judge.accept(problem, source))
    assert result.verdict is verdict, result.for_candidate().model_dump(mode="json")


def test_search_of_the_whole_container_finds_no_hidden_answer(judge, load_fixture):
    """The submission reads every file it can; the hidden answer would earn it 'accepted' if it were there."""
    source = textwrap.dedent("""
        import os
        NEEDLE = ("CANARY-" + "9f4c2e1d").encode()
        found, scanned, box_files = None, 0, 0
        for root, dirs, files in os.walk("/"):
            if root in ("/proc", "/sys", "/dev"):
                dirs[:] = []
                continue
            for name in files:
                path = os.path.join(root, name)
                # In pieces that overlap by the needle's length: a whole large file read at once would put
                # the search itself near the memory limit, beside the kernel memory the walk is charged.
                tail = b""
                try:
                    with open(path, "rb") as handle:
                        while piece := handle.read(1 << 20):
                            data, tail = tail + piece, piece[-len(NEEDLE):]
                            at = data.find(NEEDLE)
                            if at >= 0 and found is None:
                                found = data[at:at + 29].decode(errors="replace")
                except OSError:
                    continue
                scanned += 1
                box_files += path.startswith("/box/")
        for key, value in os.environ.items():
            if NEEDLE.decode() in value:
                found = value
        print(f"scanned={scanned} box={box_files} found={found}")

        def solve(a, b):
            if a == "secret":
                return found or "nothing found"
            return -1  # wrong on purpose, so that the public test shows what was printed
    """)
    problem = load_fixture("add-canary")
    result = judge.judge(problem, judge.accept(problem, source))
    canary = next(t for t in result.tests if t.name == "hidden/02-canary")
    assert canary.verdict is Verdict.WRONG_ANSWER
    printed = result.for_candidate().model_dump(mode="json")["tests"][0]["feedback"]["stdout"]
    counts = dict(part.split("=") for part in printed.split())
    # Module-level code runs before the first test, when the box holds the source, the task, the ready marker
    # and the two public inputs: the hidden inputs arrive only after the public tests ran (finding 2).
    assert int(counts["scanned"]) > 1000 and int(counts["box"]) == 5 and counts["found"] == "None"


# The time limit is CPU time; wall time gets 3 x as much. add-canary: time_s 1, so a wall limit of 3 s.
LIMIT_CASES = [
    # A test that waits longer than the CPU limit, as on a busy machine, but computes little: accepted.
    (
        "waits-1.5-s",
        "import time\nfirst = [True]\ndef solve(a, b):\n    if first:\n        first.clear()\n"
        "        time.sleep(1.5)\n    return a + b\n",
        Verdict.ACCEPTED,
        None,
    ),
    ("computes-forever", "def solve(a, b):\n    while True:\n        pass\n", Verdict.TIME_LIMIT_EXCEEDED, "CPU time"),
    ("waits-forever", "import time\ndef solve(a, b):\n    time.sleep(30)\n", Verdict.TIME_LIMIT_EXCEEDED, "wall time"),
]
# A candidate reads which limit was reached, and both figures (issue 21).
LIMIT_MESSAGES = {
    "CPU time": r"CPU time limit: [\d.]+ s of CPU time \(the limit is 1 s\), in [\d.]+ s of wall time",
    "wall time": r"wall-time limit: [\d.]+ s of wall time, not counting waiting for a CPU \(the limit is 3 s\), "
    r"with [\d.]+ s of CPU time",
}


@pytest.mark.parametrize("name, source, verdict, reason", LIMIT_CASES, ids=[c[0] for c in LIMIT_CASES])
def test_the_time_limit_is_cpu_time_with_a_wall_time_backstop(judge, load_fixture, name, source, verdict, reason):
    problem = load_fixture("add-canary")
    assert (problem.spec.limits.time_s, problem.spec.limits.effective_wall_s) == (1.0, 3.0)
    first = judge.judge(problem, judge.accept(problem, source)).tests[0]
    assert first.verdict is verdict, first
    if verdict is Verdict.ACCEPTED:
        assert first.wall_ms > 1400 and first.cpu_ms < 500  # over the CPU limit in wall time only
    else:
        assert re.search(LIMIT_MESSAGES[reason], first.feedback["message"]), first.feedback
        if reason == "CPU time":
            # Stopped on its CPU time, which a busy machine does not change (its wall time, which a busy
            # machine stretches, is not asserted: the wall-time limit does not count waiting for a CPU).
            assert 1000 <= first.cpu_ms < 1500, first
        else:
            assert first.wall_ms >= 3000 and first.cpu_ms < 500, first


def test_a_query_is_interrupted_at_the_cpu_time_limit(judge, load_fixture):
    problem = load_fixture("plays-per-user")
    source = "SELECT 1 AS user_id, COUNT(*) AS plays FROM range(100000) a, range(100000) b, range(1000) c"
    first = judge.judge(problem, judge.accept(problem, source)).tests[0]
    assert first.verdict is Verdict.TIME_LIMIT_EXCEEDED
    assert problem.spec.limits.time_s * 1000 <= first.cpu_ms < problem.spec.limits.effective_wall_s * 1000


def test_each_test_reports_its_own_memory_peak(judge, load_fixture):
    # The mistake this catches: memory_kb was the process's running maximum, so after one hungry test every
    # later test reported that test's peak. The first test (1 + 2) holds 80 MiB for a moment; the others little.
    problem = load_fixture("add-canary")
    source = (
        "def solve(a, b):\n"
        "    if (a, b) == (1, 2):\n"
        "        block = bytearray(80 * 1024 * 1024)\n"
        "        block[::4096] = b'x' * len(block[::4096])\n"
        "        del block\n"
        "    return a + b if isinstance(a, int) else 0\n"
    )
    result = judge.judge(problem, judge.accept(problem, source))
    hungry, *others = [t.memory_kb for t in result.tests]
    assert result.tests[0].verdict is Verdict.ACCEPTED
    assert hungry > 80 * 1024, hungry
    assert all(kb < hungry - 60 * 1024 for kb in others), (hungry, others)
