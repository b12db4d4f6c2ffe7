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


def test_half_sent_requests_are_closed_and_whole_ones_answered(api_process_each_protocol):
    # Finding 7: 3000 connections that sent half a request stayed open for as long as their clients liked.
    url, port = api_process_each_protocol.url, api_process_each_protocol.port
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


def test_a_kept_alive_connection_gets_a_deadline_per_request_not_one_for_its_life(api_process_each_protocol):
    # The deadline (1 s here) runs from a request's first byte to its last: a second request sent whole on
    # the same connection after a pause longer than the deadline (shorter than the keep-alive) is answered.
    connection = socket.create_connection(("127.0.0.1", api_process_each_protocol.port))
    connection.settimeout(10)
    request = b"GET /healthz HTTP/1.1\r\nHost: judge\r\n\r\n"
    try:
        for _ in range(2):
            connection.sendall(request)
            reply = _response(connection)
            assert reply.startswith((b"HTTP/1.1 200", b"HTTP/1.1 503")), reply[:100]
            time.sleep(1.6)
    finally:
        connection.close()


def _response(connection: socket.socket) -> bytes:
    """One whole response: its head, then as many bytes of body as its Content-Length says."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        assert chunk, f"closed after {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        chunk = connection.recv(65536)
        assert chunk, "closed in the body"
        body += chunk
    return head
