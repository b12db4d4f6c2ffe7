"""The API's HTTP protocols: uvicorn's, with a deadline for each request to arrive whole.

Uvicorn closes a kept-alive connection that stays idle, but not one that sends half a request and stops:
3000 such connections stayed open for as long as their clients liked. Here a request must arrive, headers
and body, within JUDGE_API_REQUEST_TIMEOUT_S (10 s) of its first byte (or of the connection's opening),
else the connection is closed. Run it with `uvicorn ... --http judge.api.server:TimelyHttpToolsProtocol`
(compose.yaml does: httptools parses in C, where h11's pure Python parsing was a tenth of a request's CPU),
or TimelyH11Protocol where httptools is not installed; a reverse proxy in front does the same job where there
is one.
"""

from __future__ import annotations

import asyncio
import os

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools is not installed: TimelyH11Protocol only
    HttpToolsProtocol = None  # type: ignore[assignment,misc]

REQUEST_TIMEOUT_S = float(os.environ.get("JUDGE_API_REQUEST_TIMEOUT_S", "10"))
_ARRIVED = (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.MIGHT_SWITCH_PROTOCOL, h11.SWITCHED_PROTOCOL)


class TimelyH11Protocol(H11Protocol):
    _arrival: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._expect_a_request()

    def data_received(self, data: bytes) -> None:
        if self._arrival is None and self.conn.their_state is h11.IDLE:
            self._expect_a_request()  # the next request of a kept-alive connection begins
        super().data_received(data)
        if self.conn.their_state in _ARRIVED:
            self._stop_waiting()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _expect_a_request(self) -> None:
        self._stop_waiting()
        self._arrival = self.loop.call_later(REQUEST_TIMEOUT_S, self._too_slow)

    def _stop_waiting(self) -> None:
        if self._arrival is not None:
            self._arrival.cancel()
            self._arrival = None

    def _too_slow(self) -> None:
        self._arrival = None
        if self.conn.their_state not in _ARRIVED and not self.transport.is_closing():
            self.transport.close()


class _Deadline:
    """The deadline of the request arriving on one connection."""

    def __init__(self, loop: asyncio.AbstractEventLoop, on_late) -> None:  # type: ignore[no-untyped-def]
        self._loop, self._on_late = loop, on_late
        self._handle: asyncio.TimerHandle | None = None

    def start(self) -> None:
        self.stop()
        self._handle = self._loop.call_later(REQUEST_TIMEOUT_S, self._late)

    def running(self) -> bool:
        return self._handle is not None

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _late(self) -> None:
        self._handle = None
        self._on_late()


if HttpToolsProtocol is not None:

    class TimelyHttpToolsProtocol(HttpToolsProtocol):  # type: ignore[misc,valid-type]
        """The same deadline over httptools' parser: from the connection's opening, or a request's first byte,
        until its last byte has been parsed."""

        _deadline: _Deadline | None = None
        _arrived = True  # no request half received

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._deadline = _Deadline(self.loop, self._too_slow)
            self._arrived = False
            self._deadline.start()  # a connection that sends nothing is closed too

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arrived = False
            if self._deadline is not None and not self._deadline.running():
                self._deadline.start()

        def on_message_complete(self) -> None:
            self._arrived = True
            if self._deadline is not None:
                self._deadline.stop()
            super().on_message_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.stop()
            super().connection_lost(exc)

        def _too_slow(self) -> None:
            if not self._arrived and not self.transport.is_closing():
                self.transport.close()
