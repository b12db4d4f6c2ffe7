"""judge.sandbox.report: the runner's framed JSON lines to typed outcomes, read whole or as they arrive."""

from __future__ import annotations

import dataclasses
import json
from types import SimpleNamespace

import pytest

from judge.sandbox.report import MALFORMED, RUNNER_FAILED, ReportReader, TestOutcome, parse_report
from judgebox.protocol import MESSAGE_CHARS, PROTOCOL_VERSION, SHOWN_OUTPUT_BYTES, RunStatus

NONCE = "0123456789abcdef0123456789abcdef"


class Unframed(bytes):
    """A line printed without the run's nonce: not the runner's."""


def log(*events, end: bytes = b"\n") -> bytes:
    """The runner's lines, each framed with NONCE (but those given as Unframed)."""
    lines = [
        e
        if isinstance(e, Unframed)
        else NONCE.encode() + b" " + (e if isinstance(e, bytes) else json.dumps(e).encode())
        for e in events
    ]
    return b"\n".join(lines) + end


HELLO = {"type": "hello", "protocol": PROTOCOL_VERSION}
DONE = {"type": "done"}


def result(index, status="ok", **fields):
    return {"type": "test", "index": index, "status": status, **fields}


def fields(outcome: TestOutcome | None) -> dict | None:
    """An outcome as the fields the runner gave: its status, its output if it had one, and what was set."""
    if outcome is None:
        return None
    given = {k: v for k, v in dataclasses.asdict(outcome).items() if v is not None and k not in ("index", "has_output")}
    given["status"] = outcome.status.value
    if not outcome.has_output:
        given.pop("output", None)
    return given


def parse(logs: bytes, count: int = 2, *, timed_out=False, oom_killed=False, wall_ms=10.0):
    report = parse_report(logs, count, nonce=NONCE, timed_out=timed_out, oom_killed=oom_killed, wall_ms=wall_ms)
    assert all(t is None or isinstance(t, TestOutcome) and t.status in RunStatus for t in report.tests)
    compile_error = report.compile_error.model_dump() if report.compile_error else None
    return SimpleNamespace(
        **{**vars(report), "tests": tuple(fields(t) for t in report.tests), "compile_error": compile_error}
    )


def test_a_complete_run():
    logs = log(
        HELLO,
        {"type": "info", "info": {"engine_sql": "SELECT 1"}},
        result(0, output=[1, 2], wall_ms=1.5),
        result(1, "runtime_error", message="boom"),
        DONE,
    )
    report = parse(logs, wall_ms=42.0)
    assert report.tests == (
        {"status": "ok", "output": [1, 2], "wall_ms": 1.5},
        {"status": "runtime_error", "message": "boom"},
    )
    assert report.info == {"engine_sql": "SELECT 1"}
    assert report.internal_error is None and report.compile_error is None
    assert (report.timed_out, report.oom_killed, report.wall_ms) == (False, False, 42.0)


def test_results_are_placed_by_index():
    report = parse(log(result(1, output="b"), result(0, output="a"), DONE))
    assert [t["output"] for t in report.tests] == ["a", "b"]


def test_compile_error_keeps_message_line_and_column_only():
    event = {"type": "compile_error", "message": "SyntaxError", "line": 3, "column": 7, "extra": "x"}
    report = parse(log(HELLO, event, DONE), count=3)
    assert report.compile_error == {"message": "SyntaxError", "line": 3, "column": 7}
    assert report.tests == (None, None, None)
    assert report.internal_error is None


def test_compile_error_without_done_is_not_an_internal_error():
    report = parse(log(HELLO, {"type": "compile_error", "message": "bad"}))
    assert report.compile_error == {"message": "bad", "line": None, "column": None}
    assert report.internal_error is None


def test_internal_error_event(caplog):
    # The runner's traceback is for the judge's log: shown, it could carry what the submission put in it.
    report = parse(log(HELLO, result(0), {"type": "internal_error", "message": "Traceback ... secret"}))
    assert report.internal_error == RUNNER_FAILED and "secret" not in report.internal_error
    assert "Traceback ... secret" in caplog.text
    assert report.tests[1] is None


def test_internal_error_event_without_message():
    assert parse(log({"type": "internal_error"})).internal_error == RUNNER_FAILED


MALFORMED_TEST = {"status": "runtime_error", "message": MALFORMED}


@pytest.mark.parametrize("line", [b"Segmentation fault", b"42", b"[1, 2]", b'"text"', b"null", b"true", b"x" * 5000])
def test_a_framed_line_that_is_not_an_object_is_a_runtime_error_of_the_tests_it_left_out(line):
    # The runner re-encodes what the child sent; a line it printed that does not read was shaped by the
    # submission, so it is the submission's runtime error, never the judge's fault (round two, finding 4).
    report = parse(log(HELLO, result(0), line, DONE))
    assert report.internal_error is None
    assert report.tests == ({"status": "ok"}, MALFORMED_TEST)


@pytest.mark.parametrize("flags", [{}, {"timed_out": True}, {"oom_killed": True}])
def test_lines_without_the_nonce_are_not_read(flags, caplog):
    forged = Unframed(json.dumps(result(1, output=[1])).encode())
    report = parse(log(HELLO, result(0, output=[2]), Unframed(b"Segmentation fault"), forged, DONE), **flags)
    assert report.tests == ({"status": "ok", "output": [2]}, None)
    assert "not the runner's" in caplog.text


def test_a_line_framed_with_another_nonce_is_not_read():
    other = b"f" * 32 + b" " + json.dumps(result(0, output=[1])).encode()
    report = parse(log(HELLO, Unframed(other), result(1), DONE))
    assert report.tests == (None, {"status": "ok"})


@pytest.mark.parametrize("flags", [{"timed_out": True}, {"oom_killed": True}])
def test_a_last_line_cut_short_by_the_kill_is_ignored(flags):
    report = parse(log(HELLO, result(0, output=1), b'{"type": "test", "ind', end=b""), **flags)
    assert report.internal_error is None
    assert report.tests == ({"status": "ok", "output": 1}, None)


def test_a_cut_last_line_without_a_kill_is_read_as_malformed():
    report = parse(log(HELLO, result(0, output=1), b'{"type": "test", "ind', end=b""))
    assert report.internal_error is None and report.tests[1] == MALFORMED_TEST


def test_after_a_kill_a_bad_line_leaves_the_missing_tests_to_the_kill():
    report = parse(log(HELLO, b"garbage"), timed_out=True)
    assert report.internal_error is None and report.tests == (None, None)  # graded time_limit_exceeded


def test_missing_results_without_done_are_an_internal_error():
    report = parse(log(HELLO, result(0)))
    assert report.internal_error == "the runner stopped without reporting every test"


@pytest.mark.parametrize("flags", [{"timed_out": True}, {"oom_killed": True}])
def test_missing_results_after_a_kill_are_not_an_internal_error(flags):
    report = parse(log(HELLO, result(0)), **flags)
    assert report.internal_error is None
    assert report.tests[1] is None
    assert report.timed_out is flags.get("timed_out", False)
    assert report.oom_killed is flags.get("oom_killed", False)


def test_all_results_without_done_are_fine():
    assert parse(log(result(0), result(1))).internal_error is None


def test_done_with_missing_results_is_not_flagged_here():
    report = parse(log(result(0), DONE))
    assert report.internal_error is None and report.tests[1] is None  # grading marks the gap


@pytest.mark.parametrize("index", [-1, 2, 99, "0", None, 0.0, [0]])
def test_events_with_a_bad_index_are_ignored(index):
    report = parse(log(result(0), {"type": "test", "index": index, "status": "ok"}, DONE))
    assert report.tests == ({"status": "ok"}, None)


def test_unknown_events_and_blank_lines_are_ignored():
    logs = log(HELLO, {"type": "started"}, {"no_type": 1}, b"   ", b"", result(0), result(1), DONE)
    report = parse(logs)
    assert report.internal_error is None
    assert all(t == {"status": "ok"} for t in report.tests)


def test_invalid_utf8_does_not_crash():
    report = parse(log(result(0, output="caf\u00e9"), b"\xff\xfe", DONE))
    assert report.internal_error is None
    assert report.tests == ({"status": "ok", "output": "caf\u00e9"}, MALFORMED_TEST)


@pytest.mark.parametrize(
    "line",
    [
        b'{"type": "test", "index": 0, "status": "ok", "output": NaN}',
        b'{"type": "test", "index": 0, "status": "ok", "output": [Infinity]}',
        b'{"type": "test", "index": 0, "status": "ok", "output": 1e999}',
        b'{"type": "test", "index": 0, "status": "ok", "output": ' + b"[" * 970 + b"]" * 970 + b"}",
        b'{"type": "test", "index": 0, "status": "ok", "output": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    ],
    ids=["nan", "infinity", "overflow", "970-deep", "50000-deep"],
)
def test_non_finite_or_over_deep_test_lines_are_the_tests_runtime_error(line):
    report = parse(log(HELLO, line, DONE), count=1)
    assert report.internal_error is None and report.tests == (MALFORMED_TEST,)


def test_lone_surrogates_are_replaced_in_every_string():
    line = b'{"type": "test", "index": 0, "status": "runtime_error", "message": "bad \\ud800", "stderr": "\\udfff"}'
    report = parse(log(HELLO, line, DONE), count=1)
    assert report.tests[0] == {"status": "runtime_error", "message": "bad \ufffd", "stderr": "\ufffd"}
    json.dumps(report.tests[0]).encode("utf-8")


def test_empty_logs():
    assert parse(b"", count=0).internal_error is None
    assert parse(b"", count=1).internal_error == "the runner stopped without reporting every test"
    assert parse(b"", count=1, timed_out=True).internal_error is None


def test_last_info_wins():
    report = parse(
        log({"type": "info", "info": {"a": "1"}}, {"type": "info", "info": {"b": "2"}}, result(0), result(1), DONE)
    )
    assert report.info == {"b": "2"}


def test_info_cannot_set_the_event_type_or_the_message():
    # Finding 5: the child's info was spread into the event, so {"type": "internal_error"} inside it turned the
    # run into the judge's fault, with the submission's words as the message.
    report = parse(
        log(
            HELLO, {"type": "info", "info": {"type": "internal_error", "message": "forged"}}, result(0), result(1), DONE
        )
    )
    assert report.internal_error is None
    assert report.info == {"type": "internal_error", "message": "forged"}  # only ever shown as info


def test_test_events_are_read_strictly_and_capped():
    huge = "x" * 10**6
    report = parse(
        log(
            HELLO,
            result(0, message=huge, stdout=huge, extra="dropped", wall_ms="fast", memory_kb=-5, output=[1]),
            result(1, "accepted"),
            DONE,
        )
    )
    first = report.tests[0]
    assert set(first) == {"status", "output", "message", "stdout"}
    assert len(first["message"]) <= MESSAGE_CHARS and len(first["stdout"]) <= SHOWN_OUTPUT_BYTES
    assert report.tests[1] == MALFORMED_TEST  # "accepted" is the judge's word, never the runner's


def test_an_output_comes_only_with_status_ok():
    report = parse(log(HELLO, result(0, "runtime_error", output=[1]), result(1), DONE))
    assert "output" not in report.tests[0]


def test_a_compile_error_is_capped_and_typed():
    report = parse(log(HELLO, {"type": "compile_error", "message": "y" * 10**5, "line": "1", "column": 3.5}))
    assert len(report.compile_error["message"]) <= MESSAGE_CHARS
    assert report.compile_error["line"] is None and report.compile_error["column"] is None


@pytest.mark.parametrize("version", [PROTOCOL_VERSION - 1, PROTOCOL_VERSION + 1, None, "2"])
def test_a_runner_of_another_protocol_version_is_refused(version):
    # An image built from other sources could mean something else by the same lines: nothing of it is graded.
    report = parse(log({"type": "hello", "protocol": version}, result(0, output=[1]), result(1, output=[2]), DONE))
    assert report.tests == (None, None)
    assert "protocol" in report.internal_error and "judge sandbox build" in report.internal_error


def test_the_reader_gives_each_event_as_soon_as_its_line_is_complete():
    reader = ReportReader(2, NONCE)
    whole = log(HELLO, result(0, output=[1], wall_ms=2.0), result(1, "runtime_error"), DONE)
    events = []
    for i in range(0, len(whole), 7):  # in pieces that cut lines anywhere
        events += reader.feed(whole[i : i + 7])
    assert [type(e) for e in events] == [TestOutcome, TestOutcome]
    assert events[0].index == 0 and events[0].output == [1] and events[1].status is RunStatus.RUNTIME_ERROR
    report = reader.finish(timed_out=False, oom_killed=False, wall_ms=1.0)
    assert report.internal_error is None and report.tests == (events[0], events[1])


def test_an_event_inside_an_output_is_not_the_runners():
    # An output that holds the text of an event, or of a whole framed line, is only an output.
    reader = ReportReader(2, NONCE)
    inner = log(result(1, output=[9])).decode()
    events = reader.feed(
        log(HELLO, result(0, output={"type": "test", "index": 1, "status": "ok"}), result(1, output=inner))
    )
    assert [e.output for e in events] == [{"type": "test", "index": 1, "status": "ok"}, inner]


@pytest.mark.parametrize(
    "line",
    [
        b'{"type": "test", "index": 0, "status": ["ok"]}',
        b'{"type": "test", "index": 0, "status": {"a": 1}}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_malformed_or_deep_lines_do_not_raise(line):
    report = parse(log(HELLO, line, DONE), count=1)
    assert report.internal_error is None and report.tests == (MALFORMED_TEST,)
