"""A real webhook receiver on 127.0.0.1: verifies every delivery with standardwebhooks, answers as scripted.

Each test takes paths of its own (`receiver.path(...)`), says how each path answers
(a list of statuses in turn, the last repeating; HANG processes the webhook and
then holds the request without an answer until released) and which secrets it verifies with. Like a careful partner,
it processes each webhook-id once and answers 200 to a repeat.
"""

import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError

HANG = "hang"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    verified_by: list[str]  # the secrets whose Webhook(secret).verify() accepted it
    duplicate: bool
    at: float = field(default_factory=time.monotonic)

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


@dataclass
class Route:
    secrets: list[str]
    answers: list
    processed: set = field(default_factory=set)


class Receiver:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.received: list[Received] = []
        self.condition = threading.Condition()
        self.release = threading.Event()
        self.connections = 0
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.receiver = self
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def path(self, *, secrets: list[str] = (), answers=(200,)) -> str:
        """A fresh path answering `answers` in turn; returns its URL."""
        path = f"/hook-{uuid.uuid4().hex[:12]}"
        self.routes[path] = Route(list(secrets), list(answers))
        return f"http://127.0.0.1:{self.port}{path}"

    def verify_with(self, url: str, secrets: list[str]) -> None:
        self.routes[url.split(str(self.port), 1)[1]].secrets = list(secrets)

    def at(self, url: str) -> list[Received]:
        path = url.split(str(self.port), 1)[1]
        with self.condition:
            return [request for request in self.received if request.path == path]

    def wait_for(self, url: str, count: int, timeout: float = 30) -> list[Received]:
        """The first `count` requests to `url`, waiting for them up to `timeout` seconds."""
        path = url.split(str(self.port), 1)[1]
        with self.condition:
            self.condition.wait_for(lambda: sum(r.path == path for r in self.received) >= count, timeout)
        return self.at(url)

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


class _Server(ThreadingHTTPServer):
    def get_request(self):
        connection = super().get_request()
        self.receiver.connections += 1  # every TCP connection, answered or not
        return connection


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: with Nagle on, each answer would wait
    # for the client's delayed ACK (some 40 ms), as no real web server makes it.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_POST(self):
        receiver: Receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        headers = {name.lower(): value for name, value in self.headers.items()}
        route = receiver.routes.get(self.path)
        if route is None:
            self._answer(404)
            return
        verified = []
        for secret in route.secrets:
            try:
                Webhook(secret).verify(body, headers)
                verified.append(secret)
            except WebhookVerificationError:
                pass
        with receiver.condition:
            answer = route.answers.pop(0) if len(route.answers) > 1 else route.answers[0]
            duplicate = headers.get("webhook-id") in route.processed
            # HANG processes the webhook, then never answers (as a receiver whose reply is lost).
            if answer in (200, HANG) and verified and not duplicate:
                route.processed.add(headers["webhook-id"])
            receiver.received.append(Received(self.path, headers, body, verified, duplicate))
            receiver.condition.notify_all()
        if answer == HANG:
            receiver.release.wait(60)
            self.close_connection = True
            return
        self._answer(200 if duplicate else answer, answer_body=getattr(receiver, "answer_body", b"ok"))

    def _answer(self, status, answer_body=b"ok"):
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("location", "http://127.0.0.1:9/elsewhere")
        self.send_header("content-length", str(len(answer_body)))
        self.end_headers()
        self.wfile.write(answer_body)
