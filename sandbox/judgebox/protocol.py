"""The contract between the judge outside the container and the runner inside it.

Both sides import this module and nothing else of each other. It is the standard library only, because it
runs in the sandbox image too. What it fixes:

- where things are in the box (paths);
- the task file the judge writes (``Task``), and which language and dialect names exist;
- the events the runner prints on stdout, one JSON object per line, and the statuses a test may have;
- the events the runner's child sends its supervisor over a pipe, inside the box.

The runner says ``hello`` with ``PROTOCOL_VERSION`` first; the judge refuses a report of another version,
so that an image built from other sources cannot be misread.
"""

from __future__ import annotations

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
    time_s: float       # CPU time per test
    wall_s: float       # wall time per test
    memory_mb: int
    output_bytes: int   # printed output and returned result, per test


class TaskTest(TypedDict):
    input: str          # the absolute path of the test's input directory
    group: str
    hidden: bool        # its input arrives only after every public test has run


class PythonTask(TypedDict, total=False):
    entry: str                  # the function the submission defines
    generators: str             # the problem's input generators (source code), if it has any


class SqlTask(TypedDict):
    dialect: str
    schema: dict[str, dict[str, str]]  # table -> column -> DuckDB type
    schema_sql: str


class Task(TypedDict, total=False):
    language: str       # a key of LANGUAGES
    source: str         # the absolute path of the source file
    limits: TaskLimits
    tests: list[TaskTest]
    budget_s: float     # wall time for the whole run, loading included; tests left when it runs out are skipped
    skip_after_failure: list[str]  # groups whose remaining tests are skipped once one of them fails
    python: PythonTask  # for language python
    sql: SqlTask        # for language sql


# --- the report: what the runner says, one JSON object per line -----------------------------------------

HELLO = "hello"                  # {"protocol": PROTOCOL_VERSION}, first
TEST = "test"                    # {"index": i, "status": ..., "output"?, "wall_ms", "cpu_ms", "memory_kb", ...}
COMPILE_ERROR = "compile_error"  # {"message", "line", "column"}: no test ran
INFO = "info"                    # {"info": {...}}: facts shown to the candidate (e.g. the translated SQL)
PUBLIC_DONE = "public_done"      # every public test ran: the judge may now put the hidden inputs in
INTERNAL_ERROR = "internal_error"  # {"message"}: the runner itself failed
DONE = "done"                    # last

STATUS_OK = "ok"  # the submission returned an output, to be compared outside
STATUS_SKIPPED = "skipped"  # not run: its group had already failed, or the run's budget ran out
# A test's other statuses are the verdicts the runner can give by itself.
FAILURE_STATUSES = ("time_limit_exceeded", "memory_limit_exceeded", "runtime_error", "output_limit_exceeded",
                    "compile_error", "internal_error")
# A test event's fields besides its status, as the supervisor measured them; nothing else is read.
TEST_FIELDS = ("output", "message", "stdout", "stderr", "wall_ms", "cpu_ms", "memory_kb")
MESSAGE_CHARS = 2000       # of a test's message
SHOWN_OUTPUT_BYTES = 2048  # of a test's stdout, and of its stderr
INFO_CHARS = 20000         # of each value of the info event

# --- inside the box: the child that holds the submission, to its supervisor ------------------------------

CHILD_ALIVE = "alive"              # the runner's own code has loaded
CHILD_CONFINED = "confined"        # the seccomp filter is in: every later event may be the submission's
CHILD_READY = "ready"              # the submission loaded; {"info": {...}}
CHILD_LOAD_FAILED = "load_failed"  # {"status", "message"}
CHILD_RESULT = "result"            # {"index", "status", "output"?, "message"?}: a test's outcome, unmeasured
