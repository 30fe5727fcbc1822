"""gunicorn bounds the request line: JSON up to the bound, its 414 above, and a line without end frees the worker."""

import json
import runpy
import socket
import threading

import pytest

from api.authentication import MISSING_KEY
from cookieshop.tests import servers

CONFIG = runpy.run_path(str(servers.ROOT / "gunicorn.conf.py"))
BOUND = 8190  # README "Production": the longest request line gunicorn passes on, CRLF not counted
HOSTILE_BYTES = 17 * 1024 * 1024
CHUNK = b"9" * 65536
# Far beyond any answer on loopback, far below gunicorn's 30 s worker timeout: only a
# safety net so that a hanging server fails the test instead of stalling the suite.
SOCKET_TIMEOUT = 15


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One gunicorn worker with the project's config: whatever holds it, holds the server."""
    with servers.live_server(servers.production_env(), tmp_path_factory.mktemp("line") / "server.log") as live:
        yield live


def exchange(server, head: bytes) -> bytes:
    """Sends a request head on a new connection; the whole answer (gunicorn closes after it)."""
    with socket.create_connection(("127.0.0.1", int(server.env["PORT"])), timeout=SOCKET_TIMEOUT) as sock:
        sock.sendall(head)
        return read_all(sock)


def read_all(sock) -> bytes:
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
    return answer


def request_head(server, line_length: int) -> bytes:
    target = "/api/v1/orders?filler="
    target += "9" * (line_length - len(f"GET {target} HTTP/1.1"))
    line = f"GET {target} HTTP/1.1"
    assert len(line) == line_length
    return f"{line}\r\nHost: {server.host}\r\nX-Forwarded-Proto: https\r\n\r\n".encode()


def test_the_bound_is_gunicorns_largest_finite_limit():
    assert CONFIG["limit_request_line"] == BOUND


def test_a_request_line_at_the_bound_gets_the_apis_json(server):
    answer = exchange(server, request_head(server, BOUND))
    head, body = answer.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 401 Unauthorized\r\n")
    assert b"\r\nContent-Type: application/json\r\n" in head
    assert json.loads(body) == {"error": MISSING_KEY}


def test_one_byte_more_gets_gunicorns_414(server):
    answer = exchange(server, request_head(server, BOUND + 1))
    assert answer.startswith(b"HTTP/1.1 414 URI Too Long\r\n")
    assert f"Request Line is too large ({BOUND + 1} &gt; {BOUND})".encode() in answer


def test_a_17_mb_line_without_end_is_cut_off_and_the_worker_serves_the_next_request(server):
    events, sent = [], 0
    hostile = socket.create_connection(("127.0.0.1", int(server.env["PORT"])), timeout=SOCKET_TIMEOUT)
    answer = []
    reader = threading.Thread(target=lambda: answer.append(read_all(hostile)))
    reader.start()
    try:
        hostile.sendall(b"GET /api/v1/orders?filler=")
        try:
            while sent < HOSTILE_BYTES:  # never a CRLF
                hostile.sendall(CHUNK)
                sent += len(CHUNK)
        except OSError:  # the server closed the connection: it stopped reading
            events.append("the server stopped reading the line")
        reader.join(SOCKET_TIMEOUT)
        if answer and answer[0].startswith(b"HTTP/1.1 414 URI Too Long\r\n"):
            events.append("414")
        # The only worker answers another client while the hostile one is still connected.
        normal = exchange(
            server, f"GET /api/v1/nope HTTP/1.1\r\nHost: {server.host}\r\nX-Forwarded-Proto: https\r\n\r\n".encode()
        )
        if normal.startswith(b"HTTP/1.1 404 Not Found\r\n") and b"application/json" in normal:
            events.append("the next request is served")
    finally:
        hostile.close()
    assert events == ["the server stopped reading the line", "414", "the next request is served"]
    assert sent < HOSTILE_BYTES
