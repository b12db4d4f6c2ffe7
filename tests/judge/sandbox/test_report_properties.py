"""Property tests (Hypothesis): nothing the submission can make the runner or the host read fails the judge.

The runner's side: any line the child sends is either refused by judgebox.protocol.loads_event (the test's
runtime error) or checked by judgebox.supervisor.result_of, and what the runner then prints always encodes.
The host's side: any report, however malformed, deep, huge, non-finite or non-UTF-8 its lines, is read by
ReportReader without an exception and graded without an internal_error, into text that is valid UTF-8.
"""

from __future__ import annotations

import dataclasses
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from judge.grading import grade_report
from judge.sandbox.report import ReportReader
from judge.source import Source
from judge.verdicts import Verdict
from judgebox import protocol as P
from judgebox.supervisor import result_of

NONCE = "5" * 32
TESTS = 3
# What the child may say a test's status is (the runner's own internal_error is never the child's to say).
STATUSES = sorted(s.value for s in P.RunStatus if s is not P.RunStatus.INTERNAL_ERROR)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),  # lone surrogates included
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def deep(depth: int, core: bytes = b"0") -> bytes:
    return b"[" * depth + core + b"]" * depth


def raw_json(value) -> bytes:
    """As a submission writing its own bytes could: NaN and infinities bare, surrogates escaped."""
    return json.dumps(value, allow_nan=True).encode()


@st.composite
def event_lines(draw, index: int | None = None) -> bytes:
    """One line: an event of any type, with any fields, or bytes that are no event at all."""
    kind = draw(st.sampled_from(["result", "test", "info", "compile_error", "done", "ready", "junk"]))
    if kind == "junk":
        return draw(
            st.one_of(
                st.binary(max_size=200),
                st.sampled_from([b"NaN", b"[1, 2]", b"\xff\xfe", b'{"a": 1e999}', b'{"a": -Infinity}']),
                st.integers(min_value=100, max_value=60_000).map(
                    lambda d: b'{"type": "test", "index": 0, "output": ' + deep(d) + b"}"
                ),
                st.integers(min_value=1, max_value=200_000).map(
                    lambda n: b'{"type": "test", "output": "' + b"x" * n + b'"}'
                ),
            )
        )
    event = {
        "type": kind,
        "index": draw(st.one_of(st.just(index if index is not None else 0), st.integers(-2, TESTS + 1), values)),
        "status": draw(st.one_of(st.sampled_from(STATUSES), values)),
    }
    for key in draw(
        st.sets(
            st.sampled_from(["output", "message", "stdout", "stderr", "wall_ms", "cpu_ms", "memory_kb", "info", "line"])
        )
    ):
        event[key] = draw(values)
    return raw_json(event)


# --- the runner ------------------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=event_lines(index=1))
def test_whatever_the_child_sends_the_runner_reads_without_failing(line):
    try:
        event = P.loads_event(line)
    except P.MalformedEvent:
        return  # the test's runtime error (judgebox.child_process.ChildGone with a reason)
    result = result_of(event, 1)
    if result is None:
        return  # the protocol broken: the test's runtime error
    assert result["status"] in STATUSES
    printed = P.frame(NONCE, {"type": "test", "index": 1, **result})  # never raises: finite, shallow, UTF-8
    reader = ReportReader(2, NONCE)
    (outcome,) = reader.feed(printed)
    assert outcome.status.value == result["status"]


# --- the host --------------------------------------------------------------------------------------------


@st.composite
def runner_line(draw, index: int) -> bytes:
    """The runner's line for one test: its type and index are the runner's, every other field may have been
    shaped by the submission; or the line is broken (cut short, too deep, not UTF-8, not finite)."""
    event = {"type": "test", "index": index, "status": draw(st.one_of(st.sampled_from(STATUSES), values))}
    for key in draw(
        st.sets(st.sampled_from(["output", "message", "stdout", "stderr", "wall_ms", "cpu_ms", "memory_kb"]))
    ):
        event[key] = draw(values)
    line = raw_json(event)
    broken = draw(st.sampled_from(["no", "no", "cut", "deep", "bytes", "nan"]))
    if broken == "cut":
        line = line[: draw(st.integers(0, max(0, len(line) - 1)))] or b"{"
    elif broken == "deep":
        line = line[:-1] + b', "output": ' + deep(draw(st.integers(P.MAX_DEPTH, 60_000))) + b"}"
    elif broken == "bytes":
        line = line[:-1] + b', "message": "\xff\xfe\xc3"}'
    elif broken == "nan":
        line = line[:-1] + b', "output": [NaN, 1e999]}'
    return line


@st.composite
def reports(draw) -> list[bytes]:
    lines = [P.frame(NONCE, {"type": "hello", "protocol": P.PROTOCOL_VERSION})]
    for index in range(TESTS):
        for _ in range(draw(st.integers(0, 2))):  # lines that are not the runner's, or framed junk
            junk = draw(event_lines())
            lines.append(junk if draw(st.booleans()) else NONCE.encode() + b" " + junk)
        lines.append(NONCE.encode() + b" " + draw(runner_line(index)))
    if draw(st.booleans()):
        lines.append(P.frame(NONCE, {"type": "done"}))
    return lines


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(lines=reports(), cut=st.integers(1, 4096))
def test_no_report_fails_the_host(lines, cut, load_fixture):
    # The report of a runner that ended by itself: one the host had to stop outlived the runner's own bounds,
    # which is the judge's failure whatever was printed (tests/judge/test_grading.py::test_missing_results).
    problem = load_fixture("hostile-sum")
    problem = dataclasses.replace(problem, tests=problem.tests[:TESTS])
    whole = b"\n".join(lines) + b"\n"
    reader = ReportReader(len(problem.tests), NONCE)
    for start in range(0, len(whole), cut):  # in chunks that cut lines anywhere
        reader.feed(whole[start : start + cut])
    report = reader.finish(timed_out=False, oom_killed=False, wall_ms=1.0)
    assert report.internal_error is None, report.internal_error
    result = grade_report(problem, Source("def solve(xs, tag=None): pass", "python"), report, None)
    assert result.verdict is not Verdict.INTERNAL_ERROR
    assert all(t.verdict is not Verdict.INTERNAL_ERROR for t in result.tests)
    json.dumps(result.for_candidate().model_dump(mode="json"), ensure_ascii=False, allow_nan=False).encode("utf-8")
