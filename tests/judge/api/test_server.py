"""judge.api.server: under real uvicorn, a request that does not arrive whole in time loses its connection."""

from __future__ import annotations

import socket
import time

import httpx


def _closed(connection: socket.socket) -> bool:
    connection.settimeout(0.5)
    try:
        return connection.recv(1024) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def test_half_sent_requests_are_closed_and_whole_ones_answered(api_process):
    # Finding 7: 3000 connections that sent half a request stayed open for as long as their clients liked.
    url, port = api_process.url, api_process.port
    slow = []
    for _ in range(50):
        connection = socket.create_connection(("127.0.0.1", port))
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: judge\r\n")  # no blank line: the headers never end
        slow.append(connection)
    half_body = socket.create_connection(("127.0.0.1", port))
    half_body.sendall(b"POST /api/v1/submissions HTTP/1.1\r\nHost: judge\r\nContent-Length: 100\r\n\r\n{")
    time.sleep(2.5)
    assert all(_closed(connection) for connection in [*slow, half_body])
    assert httpx.get(f"{url}/healthz", timeout=5).status_code in (200, 503)  # whole requests are still served
    for connection in slow:
        connection.close()
