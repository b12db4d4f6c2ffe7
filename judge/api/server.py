"""The API's HTTP protocol: uvicorn's h11 one, with a deadline for each request to arrive whole.

Uvicorn closes a kept-alive connection that stays idle, but not one that sends half a request and stops:
3000 such connections stayed open for as long as their clients liked. Here a request must arrive, headers
and body, within JUDGE_API_REQUEST_TIMEOUT_S (10 s) of its first byte (or of the connection's opening),
else the connection is closed. Run it with `uvicorn ... --http judge.api.server:TimelyH11Protocol`
(compose.yaml does); a reverse proxy in front does the same job where there is one.
"""

from __future__ import annotations

import asyncio
import os

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

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
