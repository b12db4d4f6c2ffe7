"""The contract between the judge outside the container and the runner inside it.

Both sides import this module and nothing else of each other. It is the standard library only, because it
runs in the sandbox image too. What it fixes:

- where things are in the box (paths);
- the task file the judge writes (``Task``), and which language and dialect names exist;
- the events the runner prints on stdout, one JSON object per line (`Event`, `TestEvent`), and the statuses a
  test may have (`RunStatus`);
- the events the runner's child sends its supervisor over a pipe, inside the box.

The runner says ``hello`` with ``PROTOCOL_VERSION`` first; the judge refuses a report of another version,
so that an image built from other sources cannot be misread.
"""

from __future__ import annotations

import enum
from typing import TypedDict

PROTOCOL_VERSION = 2

# --- the box ---------------------------------------------------------------------------------------------

BOX = "/box"
TASK_FILE = f"{BOX}/task.json"
READY_MARKER = f"{BOX}/ready"  # written last: the runner waits for it before it reads anything
# Hidden tests' inputs come in a second archive, after the public tests ran (PUBLIC_DONE), with this last.
HIDDEN_READY_MARKER = f"{BOX}/ready-hidden"
SUBMISSION_DIR = "submission"
TESTS_DIR = "tests"

# A language's name, and the suffix of its source file in the box. The one table of languages.
LANGUAGES: dict[str, str] = {"python": ".py", "sql": ".sql"}
# The SQL dialects a query may be written in; the first is the default. The one list of dialects.
DIALECTS: tuple[str, ...] = ("duckdb", "postgres", "mysql", "bigquery", "snowflake", "sqlite")


def source_path(language: str) -> str:
    """Where the submission's source is, relative to the box."""
    return f"{SUBMISSION_DIR}/solution{LANGUAGES[language]}"


def test_dir(index: int) -> str:
    """Where a test's input files are, relative to the box."""
    return f"{TESTS_DIR}/{index}"


# --- the task: what the judge asks ---------------------------------------------------------------------


class TaskLimits(TypedDict):
    time_s: float  # CPU time per test
    wall_s: float  # wall time per test
    memory_mb: int
    output_bytes: int  # printed output and returned result, per test


class TaskTest(TypedDict):
    input: str  # the absolute path of the test's input directory
    group: str
    hidden: bool  # its input arrives only after every public test has run


class PythonTask(TypedDict, total=False):
    entry: str  # the function the submission defines
    generators: str  # the problem's input generators (source code), if it has any


class SqlTask(TypedDict):
    dialect: str
    schema: dict[str, dict[str, str]]  # table -> column -> DuckDB type
    schema_sql: str


class Task(TypedDict, total=False):
    language: str  # a key of LANGUAGES
    source: str  # the absolute path of the source file
    limits: TaskLimits
    tests: list[TaskTest]
    budget_s: float  # wall time for the whole run, loading included; tests left when it runs out are skipped
    skip_after_failure: list[str]  # groups whose remaining tests are skipped once one of them fails
    python: PythonTask  # for language python
    sql: SqlTask  # for language sql


# --- the report: what the runner says, one JSON object per line -----------------------------------------


class Event(str, enum.Enum):
    """The `type` of each line the runner prints, in the order they can come."""

    HELLO = "hello"  # {"protocol": PROTOCOL_VERSION}, first
    INFO = "info"  # {"info": {...}}: facts shown to the candidate (e.g. the translated SQL)
    COMPILE_ERROR = "compile_error"  # {"message", "line", "column"}: no test ran
    TEST = "test"  # TestEvent: one test's outcome, as soon as it is known
    PUBLIC_DONE = "public_done"  # every public test ran: the judge may now put the hidden inputs in
    INTERNAL_ERROR = "internal_error"  # {"message"}: the runner itself failed
    DONE = "done"  # last


class RunStatus(str, enum.Enum):
    """A test's status in the report: OK (an output, compared outside), SKIPPED, or a verdict the runner gives
    by itself. The host's verdicts (judge.verdicts.Verdict) take these names."""

    OK = "ok"
    SKIPPED = "skipped"  # not run: its group had already failed, or the run's budget ran out
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
    MEMORY_LIMIT_EXCEEDED = "memory_limit_exceeded"
    RUNTIME_ERROR = "runtime_error"
    OUTPUT_LIMIT_EXCEEDED = "output_limit_exceeded"
    COMPILE_ERROR = "compile_error"
    INTERNAL_ERROR = "internal_error"


FAILURE_STATUSES = frozenset(RunStatus) - {RunStatus.OK, RunStatus.SKIPPED}


class TestEvent(TypedDict, total=False):
    """One test's line. The measures are the supervisor's own; nothing else is read."""

    type: str  # Event.TEST
    index: int  # the test's position in the task
    status: str  # a RunStatus
    output: object  # with RunStatus.OK only: what the submission returned, for the host to compare
    message: str  # at most MESSAGE_CHARS
    stdout: str  # at most SHOWN_OUTPUT_BYTES
    stderr: str
    wall_ms: float  # wall time of the test, reading its input included
    cpu_ms: float  # CPU time of every thread of the child during the test
    memory_kb: int  # the test's own peak (judgebox.measure.OwnPeak) and what it keeps in tmpfs


MEASURES = ("wall_ms", "cpu_ms", "memory_kb")  # one name each, from the runner to the API
MESSAGE_CHARS = 2000  # of a test's message
SHOWN_OUTPUT_BYTES = 2048  # of a test's stdout, and of its stderr
INFO_CHARS = 20000  # of each value of the info event

# --- inside the box: the child that holds the submission, to its supervisor ------------------------------


class ChildEvent(str, enum.Enum):
    ALIVE = "alive"  # the runner's own code has loaded
    CONFINED = "confined"  # the seccomp filter is in: every later event may be the submission's
    READY = "ready"  # the submission loaded; {"info": {...}}
    LOAD_FAILED = "load_failed"  # {"status", "message"}
    RESULT = "result"  # {"index", "status", "output"?, "message"?}: a test's outcome, unmeasured
