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

Two secrets keep what the submission writes apart from what the runner says, and keep each hidden test's
input from every other test. Both hang on a per-run nonce that the judge gives the runner in its environment
(NONCE_ENV) and that the child holding the submission never sees (its environment is the runner's own, and
the runner is not dumpable, so /proc/1/environ is closed to it):

- every line the runner prints starts with the nonce (`frame`), and the judge reads no other line;
- each hidden test's input is in a directory of the vault named by an HMAC of the nonce (`hidden_input_dir`).
  The vault can be entered but not listed, so a test can open no hidden input but the one the runner names
  for it when that test starts; the runner removes it when the test ends.

Every line either side reads from the other is parsed by `loads_event`: UTF-8 only, finite numbers only,
nested at most MAX_DEPTH deep, lone surrogates replaced. What fails that is `MalformedEvent`, never a crash.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import re
from typing import Any, TypedDict

PROTOCOL_VERSION = 3
NONCE_ENV = "JUDGEBOX_NONCE"

# --- the box ---------------------------------------------------------------------------------------------

BOX = "/box"
TASK_FILE = f"{BOX}/task.json"
READY_MARKER = f"{BOX}/ready"  # written last: the runner waits for it before it reads anything
SUBMISSION_DIR = "submission"
TESTS_DIR = "tests"  # the public tests' inputs, one directory each
VAULT_DIR = "vault"  # the hidden tests' inputs: mode 0111, so it can be entered by name but not listed
# The vault's size on the box's filesystem is padded to a multiple of this, so that df in a public test
# tells only how many MiB the hidden inputs hold.
VAULT_PAD_BYTES = 1024 * 1024

# A language's name, and the suffix of its source file in the box. The one table of languages.
LANGUAGES: dict[str, str] = {"python": ".py", "sql": ".sql"}
# The SQL dialects a query may be written in; the first is the default. The one list of dialects.
DIALECTS: tuple[str, ...] = ("duckdb", "postgres", "mysql", "bigquery", "snowflake", "sqlite")


def source_path(language: str) -> str:
    """Where the submission's source is, relative to the box."""
    return f"{SUBMISSION_DIR}/solution{LANGUAGES[language]}"


def test_dir(index: int) -> str:
    """Where a public test's input files are, relative to the box."""
    return f"{TESTS_DIR}/{index}"


def hidden_input_dir(nonce: str, index: int) -> str:
    """Where a hidden test's input files are, relative to the box: a name nobody without the nonce can find."""
    name = hmac.new(nonce.encode(), f"hidden-test:{index}".encode(), hashlib.sha256).hexdigest()
    return f"{VAULT_DIR}/{name}"


def vault_pad_name(nonce: str) -> str:
    return f"{VAULT_DIR}/{hmac.new(nonce.encode(), b'pad', hashlib.sha256).hexdigest()}"


# --- the task: what the judge asks ---------------------------------------------------------------------


class TaskLimits(TypedDict):
    time_s: float  # CPU time per test
    wall_s: float  # wall time per test
    memory_mb: int
    output_bytes: int  # printed output and returned result, per test


class TaskTest(TypedDict, total=False):
    input: str  # the absolute path of a public test's input directory; a hidden test's is not in the task
    group: str
    hidden: bool  # its input is in the vault, found by the runner from the nonce when the test starts


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
    # Time for the whole run, loading included, not counting what the machine kept it waiting for the CPU
    # (judgebox.measure.RunQueueWait); tests left when it runs out are skipped.
    budget_s: float
    skip_after_failure: list[str]  # groups whose remaining tests are skipped once one of them fails
    python: PythonTask  # for language python
    sql: SqlTask  # for language sql


# However busy the machine, a run ends within this many times its budget of wall time: tests left by then were
# starved of the CPU (the runner reports them as its own internal_error, for the judge to retry), and the host
# stops a container still running after it, with its allowances.
STARVED_FACTOR = 4.0


# --- the report: what the runner says, one JSON object per line -----------------------------------------


class Event(str, enum.Enum):
    """The `type` of each line the runner prints, in the order they can come."""

    HELLO = "hello"  # {"protocol": PROTOCOL_VERSION}, first
    INFO = "info"  # {"info": {...}}: facts shown to the candidate (e.g. the translated SQL)
    COMPILE_ERROR = "compile_error"  # {"message", "line", "column"}: no test ran
    TEST = "test"  # TestEvent: one test's outcome, as soon as it is known
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
    # With time_limit_exceeded only: the machine kept the test waiting for a CPU for a good share of its time
    # (CONTENDED_SHARE), so its CPU time may be inflated by its neighbours; the judge tries such a run again.
    contended: bool


CONTENDED_SHARE = 0.2  # of a test's wall time spent waiting on a run queue


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


# --- reading a line from the other side ------------------------------------------------------------------

MAX_DEPTH = 128  # of a line's JSON: a result (judgebox.jsonsafe: 100 levels) in an event, with room to spare
_LONE_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class MalformedEvent(ValueError):
    """A line that is not one JSON object of finite numbers, valid UTF-8 and bounded depth."""


def frame(nonce: str, event: dict[str, Any]) -> bytes:
    """One line of the runner's report: the nonce, a space, the event."""
    return f"{nonce} {json.dumps(event, allow_nan=False)}\n".encode()


def _refuse_constant(name: str) -> Any:
    raise MalformedEvent(f"{name} is not a finite number")


def _finite(text: str) -> float:
    value = float(text)
    if value - value != 0.0:  # inf or nan: 1e999 is read as inf
        raise MalformedEvent(f"{text[:40]} is not a finite number")
    return value


def loads_event(data: bytes) -> dict[str, Any]:
    """One JSON object from one line, or MalformedEvent saying why not. Never anything else."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedEvent(f"not UTF-8 at byte {exc.start}") from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except RecursionError:
        raise MalformedEvent(f"nested more than {MAX_DEPTH} levels deep") from None
    except MalformedEvent:
        raise
    except ValueError as exc:
        raise MalformedEvent(f"not JSON: {str(exc)[:200]}") from None
    if not isinstance(value, dict):
        raise MalformedEvent("not a JSON object")
    event: dict[str, Any] = value
    # Only a line with that many brackets can be that deep, and only one with a surrogate escape can hold a
    # lone surrogate: the walk is skipped for nearly every line.
    deep = data.count(b"[") + data.count(b"{") > MAX_DEPTH
    surrogates = _LONE_SURROGATE_ESCAPE.search(data) is not None
    if deep or surrogates:
        event = _checked(event, deep)
    return event


def _checked(root: dict[str, Any], deep: bool) -> dict[str, Any]:
    """The value with every string valid Unicode (lone surrogates replaced), checked for depth: iteratively."""
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if deep and depth > MAX_DEPTH:
            raise MalformedEvent(f"nested more than {MAX_DEPTH} levels deep")
        keys: Any
        if isinstance(node, dict):
            if any(valid_text(key) is not key for key in node):
                items = [(valid_text(key), item) for key, item in node.items()]
                node.clear()
                node.update(items)
            keys = list(node)
        else:
            keys = range(len(node))
        for key in keys:
            item = node[key]
            if isinstance(item, str):
                node[key] = valid_text(item)
            elif isinstance(item, (dict, list)):
                stack.append((item, depth + 1))
    return root


def valid_text(text: str) -> str:
    """The string itself if it encodes as UTF-8; else with each lone surrogate replaced by U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text
