"""The runner's report, read as it is written: JSON lines (judgebox.protocol) to typed outcomes.

Read strictly: only lines framed with the run's nonce (judgebox.protocol.frame), which the submission never
sees, so nothing it writes can pass for the runner's; each parsed by judgebox.protocol.loads_event (UTF-8,
finite numbers, bounded depth, no lone surrogates), known events and fields only, every string capped.
What the submission could have shaped (a line that does not parse, a test's line with a field out of
place) is that test's runtime error, never the judge's: only the runner's own internal_error event, a
report of another protocol, or a runner that stopped without a word, is.

`ReportReader` takes the bytes as they arrive and gives back each event as soon as its line is complete:
the sandbox streams tests' outcomes to its caller while the rest still run. `parse_report` reads a whole
log at once, through the same reader.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from judgebox import protocol
from judgebox.protocol import Event, RunStatus

from judge.verdicts import CompileDiagnostic

log = logging.getLogger(__name__)
RUNNER_FAILED = "the judge's runner failed; this is not your fault, and the details are in the judge's log"
_NO_OUTPUT = object()


@dataclass(frozen=True)
class TestOutcome:
    """One test as the runner reported it: its status, the output to compare (OK only), what it printed, and
    the supervisor's measures."""

    __test__ = False  # not a pytest class, whatever its name

    index: int
    status: RunStatus
    output: Any = None
    has_output: bool = False
    message: str | None = None
    stdout: str | None = None
    stderr: str | None = None
    wall_ms: float | None = None
    cpu_ms: float | None = None
    memory_kb: int | None = None
    contended: bool | None = None  # True: a time limit reached while the machine kept the test from its CPU

    @property
    def shown(self) -> dict[str, str]:
        """What it printed and said, where it said anything."""
        return {
            key: value
            for key, value in (("message", self.message), ("stdout", self.stdout), ("stderr", self.stderr))
            if value
        }


RunEvent = TestOutcome | CompileDiagnostic
MALFORMED = "the runner's report of this test could not be read"


@dataclass(frozen=True)
class RunReport:
    tests: tuple[TestOutcome | None, ...]  # per test, in the task's order; None where the runner gave none
    compile_error: CompileDiagnostic | None = None
    info: dict[str, str] = field(default_factory=dict)
    internal_error: str | None = None
    timed_out: bool = False
    oom_killed: bool = False
    wall_ms: float = 0.0


class ReportReader:
    """Reads the runner's stdout as it arrives; `feed` returns the events its complete lines held."""

    def __init__(self, test_count: int, nonce: str):
        self.tests: list[TestOutcome | None] = [None] * test_count
        self.compile_error: CompileDiagnostic | None = None
        self.info: dict[str, str] = {}
        self.internal: str | None = None
        self.done = False
        self.malformed: str | None = None  # why a framed line could not be read, if one could not
        self.foreign = 0  # lines without the nonce: not the runner's, not read
        self._prefix = nonce.encode() + b" "
        self._pending = b""
        self._stopped = False  # after a fault nothing more is trusted

    def feed(self, chunk: bytes) -> list[RunEvent]:
        if b"\n" not in chunk:  # a long line arrives in many chunks: split it once, when it ends
            self._pending += chunk
            return []
        *lines, self._pending = (self._pending + chunk).split(b"\n")
        events: list[RunEvent] = []
        for line in lines:
            event = self._line(line)
            if event is not None:
                events.append(event)
        return events

    def finish(self, *, timed_out: bool, oom_killed: bool, wall_ms: float) -> RunReport:
        """The report, once the container is gone. A last line without its newline was cut short when the
        container was killed (and is dropped); otherwise it is read like any other."""
        if self._pending.strip() and not (timed_out or oom_killed):
            self._line(self._pending)
        self._pending = b""
        internal = self.internal
        if self.malformed is not None and internal is None and not (timed_out or oom_killed):
            # A line that did not parse was most likely a test's, shaped by what the submission returned.
            for index, outcome in enumerate(self.tests):
                if outcome is None:
                    self.tests[index] = TestOutcome(index, RunStatus.RUNTIME_ERROR, message=MALFORMED)
        if (
            not self.done
            and internal is None
            and self.compile_error is None
            and not timed_out
            and not oom_killed
            and any(t is None for t in self.tests)
        ):
            internal = "the runner stopped without reporting every test"
        return RunReport(
            tests=tuple(self.tests),
            compile_error=self.compile_error,
            info=self.info,
            internal_error=internal,
            timed_out=timed_out,
            oom_killed=oom_killed,
            wall_ms=wall_ms,
        )

    def _fault(self, message: str) -> None:
        self.internal, self._stopped = message, True

    def _line(self, raw: bytes) -> RunEvent | None:
        if self._stopped or not raw.strip():
            return None
        if not raw.startswith(self._prefix):
            self.foreign += 1
            if self.foreign == 1:
                log.error("the sandbox printed a line that is not the runner's; it is not read: %.200r", raw[:200])
            return None
        try:
            event = protocol.loads_event(raw[len(self._prefix) :])
        except protocol.MalformedEvent as exc:
            log.error("a line of the runner's report could not be read (%s): %.300r", exc, raw[:300])
            self.malformed = str(exc)
            return None
        kind, index = event.get("type"), event.get("index")
        if kind == Event.HELLO:
            if event.get("protocol") != protocol.PROTOCOL_VERSION:
                self._fault(
                    f"the sandbox image speaks protocol {str(event.get('protocol'))[:20]}, this judge "
                    f"{protocol.PROTOCOL_VERSION}: rebuild it with `judge sandbox build`"
                )
        elif kind == Event.TEST and type(index) is int and 0 <= index < len(self.tests):
            if self.tests[index] is None:
                status = event.get("status")
                outcome = (
                    _outcome(index, event)
                    if isinstance(status, str) and status in _STATUSES
                    else TestOutcome(index, RunStatus.RUNTIME_ERROR, message=MALFORMED)
                )
                self.tests[index] = outcome
                return outcome
        elif kind == Event.COMPILE_ERROR:
            self.compile_error = CompileDiagnostic(
                message=_text(event.get("message"), protocol.MESSAGE_CHARS) or "compile error",
                line=_count(event.get("line")),
                column=_count(event.get("column")),
            )
            return self.compile_error
        elif kind == Event.INFO and isinstance(event.get("info"), dict):
            self.info = {str(k)[:100]: _text(v, protocol.INFO_CHARS) for k, v in list(event["info"].items())[:10]}
        elif kind == Event.INTERNAL_ERROR:
            log.error("the sandbox's runner failed: %s", _text(event.get("message"), 20000))
            self._fault(RUNNER_FAILED)
        elif kind == Event.DONE:
            self.done = True
        return None


_STATUSES = frozenset(RunStatus)


def parse_report(
    logs: bytes, test_count: int, *, nonce: str, timed_out: bool, oom_killed: bool, wall_ms: float
) -> RunReport:
    """A whole log at once (what the runner printed, in full), read as ReportReader reads it."""
    reader = ReportReader(test_count, nonce)
    reader.feed(logs)
    return reader.finish(timed_out=timed_out, oom_killed=oom_killed, wall_ms=wall_ms)


def _outcome(index: int, event: dict[str, Any]) -> TestOutcome:
    status = RunStatus(event["status"])
    output = event.get("output", _NO_OUTPUT) if status is RunStatus.OK else _NO_OUTPUT
    texts = {
        key: _text(event[key], limit) if event.get(key) else None
        for key, limit in (
            ("message", protocol.MESSAGE_CHARS),
            ("stdout", protocol.SHOWN_OUTPUT_BYTES),
            ("stderr", protocol.SHOWN_OUTPUT_BYTES),
        )
    }
    measures: dict[str, Any] = {}
    for key in ("wall_ms", "cpu_ms"):
        if type(event.get(key)) in (int, float) and event[key] >= 0:
            measures[key] = float(event[key])
    if type(event.get("memory_kb")) is int and event["memory_kb"] >= 0:
        measures["memory_kb"] = event["memory_kb"]
    return TestOutcome(
        index=index,
        status=status,
        output=None if output is _NO_OUTPUT else output,
        has_output=output is not _NO_OUTPUT,
        **texts,
        **measures,
        contended=True if status is RunStatus.TIME_LIMIT_EXCEEDED and event.get("contended") is True else None,
    )


def _text(value: object, limit: int) -> str:
    value = value if isinstance(value, str) else ("" if value is None else json.dumps(value, default=str)[:limit])
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _count(value: object) -> int | None:
    return value if type(value) is int and 0 <= value < 10**9 else None
