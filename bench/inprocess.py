"""In-process timings: full requests through Django's WSGI application against the floor, interleaved."""

import gc
import io
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.diagnosis import GARBAGE_CALLS, garbage
from bench.floor import QUERIES_PER_BODY, Floor

WARMUP_ROUNDS = 2
# Calls per timed sample: see timings().
BATCH = 10
GARBAGE_REPEAT = 3


@dataclass(frozen=True)
class Case:
    """One endpoint to compare: the project's path and the floor's way to the same body."""

    kind: str  # "list" or "detail"
    label: str  # the page size, or "detail"
    path: str
    floor_body: Callable[[], bytes]


def cases(floor: Floor, *, sizes, detail_id: int) -> list[Case]:
    listed = [
        Case("list", str(size), f"/api/v1/orders?page_size={size}", lambda size=size: floor.list_body(page_size=size))
        for size in sizes
    ]
    return [*listed, Case("detail", "detail", f"/api/v1/orders/{detail_id}", lambda: floor.detail_body(detail_id))]


class Project:
    """The project through Django's test client: a GET with a real API key, through every middleware.

    It does more than a server (signal receivers, responses decorated for assertions);
    timed beside Server so that figures stay comparable with runs before issue 16.
    """

    def __init__(self, key: str):
        self.client = Client()
        self.headers = {"X-API-Key": key}

    def get(self, path: str):
        response = self.client.get(path, headers=self.headers)
        assert response.status_code == 200, f"GET {path} answered {response.status_code}: {response.content[:200]!r}"
        return response


@dataclass(frozen=True)
class Answer:
    status_code: int
    content: bytes


class Server:
    """The project as gunicorn calls it: Django's WSGI application, a GET with a real API key, every middleware.

    The request starts and finishes as under a server (request_started and
    request_finished, which check the database connection's age), and the body is
    read to the end, as a server reads it to send it.

    Inside a test's transaction (bench/test_bench.py) those signals would close the test's
    connection: there, and only there, they leave it alone, as the test client's handler does.
    """

    def __init__(self, key: str):
        self.application = get_wsgi_application()
        self.in_test_transaction = connection.in_atomic_block
        self.environ = {
            "REQUEST_METHOD": "GET",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "HTTP_X_API_KEY": key,
            "wsgi.url_scheme": "http",
            "wsgi.errors": io.StringIO(),
        }

    def get(self, path: str) -> Answer:
        if not self.in_test_transaction:
            return self.call(path)
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
        try:
            return self.call(path)
        finally:
            for signal in (request_started, request_finished):
                signal.connect(close_old_connections)

    def call(self, path: str) -> Answer:
        path_info, _, query = path.partition("?")
        environ = {**self.environ, "PATH_INFO": path_info, "QUERY_STRING": query, "wsgi.input": io.BytesIO()}
        started = []
        body = self.application(environ, lambda status, headers, exc_info=None: started.append(status))
        try:
            content = b"".join(body)
        finally:
            body.close()
        answer = Answer(int(started[0][:3]), content)
        assert answer.status_code == 200, f"GET {path} answered {started[0]}: {content[:200]!r}"
        return answer


def check(project: Server, case: Case, *, effort: int) -> dict:
    """Queries and cyclic garbage per request, and what makes the comparison honest: the same body bytes."""
    with CaptureQueriesContext(connection) as captured:
        response = project.get(case.path)
    queries = len(captured)  # now: the next request clears the connection's query log
    floor_body = case.floor_body()
    assert floor_body == response.content, f"floor bytes differ from the project's for {case.path}"
    repeat, calls = min(GARBAGE_REPEAT, effort), min(GARBAGE_CALLS, effort)
    project_garbage = garbage(lambda: project.get(case.path), repeat=repeat, calls=calls)
    floor_garbage = garbage(case.floor_body, repeat=repeat, calls=calls)
    return {
        "queries": queries,
        "floor_queries": QUERIES_PER_BODY,
        "bytes": len(floor_body),
        "gc_objects": project_garbage["objects"],
        "gc_ms": project_garbage["ms"],
        "floor_gc_objects": floor_garbage["objects"],
        "floor_gc_ms": floor_garbage["ms"],
    }


def timings(
    project: Server, test_client: Project, all_cases: list[Case], *, rounds: int, batch: int
) -> dict[str, dict[str, list[float]]]:
    """Milliseconds per call, each round changing which contender goes first.

    A sample is the mean of `batch` calls in a row, as a server meets a stream of requests
    (a single call after a full collection runs on cold CPU caches, which weighs on the
    project's much larger code and data far more than on the floor's). GC stays on, and
    is collected before each batch (untimed): otherwise the project's garbage triggers
    collections that land in whichever batch comes next, most often the floor's. What
    collecting a call's own garbage costs is measured apart (bench.diagnosis).
    """
    samples = {case.label: {"project": [], "floor": [], "test_client": []} for case in all_cases}
    for number in range(-min(WARMUP_ROUNDS, rounds), rounds):
        for case in all_cases:
            contenders = [
                ("project", lambda case=case: project.get(case.path)),
                ("floor", case.floor_body),
                ("test_client", lambda case=case: test_client.get(case.path)),
            ]
            shift = number % len(contenders)
            for name, call in contenders[shift:] + contenders[:shift]:
                gc.collect()
                start = time.perf_counter_ns()
                for _ in range(batch):
                    call()
                elapsed = (time.perf_counter_ns() - start) / 1e6 / batch
                if number >= 0:
                    samples[case.label][name].append(elapsed)
    return samples


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: defined for any number of samples."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summarize(checked: dict, samples: dict[str, list[float]]) -> dict:
    ms, floor_ms = statistics.median(samples["project"]), statistics.median(samples["floor"])
    return {
        "ms": round(ms, 3),
        "p90_ms": round(percentile(samples["project"], 0.9), 3),
        "floor_ms": round(floor_ms, 3),
        "floor_p90_ms": round(percentile(samples["floor"], 0.9), 3),
        "ratio_to_floor": round(ms / floor_ms, 2),
        # The same request through Django's test client, as the bench measured it before issue 16.
        "test_client_ms": round(statistics.median(samples["test_client"]), 3),
        "test_client_p90_ms": round(percentile(samples["test_client"], 0.9), 3),
        **checked,
        "samples": len(samples["project"]),
    }


def measure(floor: Floor, *, key: str, sizes, detail_id: int, rounds: int, batch: int = BATCH) -> dict:
    """{"list": {size: figures}, "detail": figures}, figures as in results.json."""
    project = Server(key)
    all_cases = cases(floor, sizes=sizes, detail_id=detail_id)
    checked = {case.label: check(project, case, effort=rounds) for case in all_cases}
    samples = timings(project, Project(key), all_cases, rounds=rounds, batch=batch)
    figures = {case.label: summarize(checked[case.label], samples[case.label]) for case in all_cases}
    return {"list": {str(size): figures[str(size)] for size in sizes}, "detail": figures["detail"]}
