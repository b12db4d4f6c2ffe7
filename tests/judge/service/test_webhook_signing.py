"""judge.service.webhooks without a worker: the signature, and which answers are retried."""

from __future__ import annotations

import hashlib
import hmac
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from judge.service import webhooks


def test_the_signature_is_the_hmac_of_the_exact_body():
    body = webhooks.body_of({"id": "s1", "verdict": "accepted"})
    assert webhooks.sign("k", body) == "sha256=" + hmac.new(b"k", body, hashlib.sha256).hexdigest()
    assert webhooks.sign("k", body) != webhooks.sign("other", body)


@pytest.mark.parametrize("status, retried", [(204, False), (404, False), (503, True)])
def test_a_failing_receiver_is_retried_and_a_refusing_one_is_not(status, retried):
    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(status)
            self.end_headers()

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/hook"
        if retried:
            with pytest.raises(ConnectionError):
                webhooks.deliver(url, "k", {"id": "s1"}, allow_private=True)
        else:
            assert webhooks.deliver(url, "k", {"id": "s1"}, allow_private=True) == status
        with pytest.raises(webhooks.InvalidRequest):
            webhooks.deliver(url, "k", {"id": "s1"}, allow_private=False)  # resolved again when sent
    finally:
        server.shutdown()
