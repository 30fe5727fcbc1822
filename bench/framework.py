"""The fixed cost of the stack itself: views that read nothing, behind the project's middleware and API policies.

A page of 10 orders is ~0.1 ms of work at the floor. These two views say how much of
the project's time no change to its own code can remove while it keeps Django and DRF:
a plain Django view, and a DRF view with the project's authentication (a real key),
permissions, throttles and renderer, each answering {"id":1}. They exist only in the
bench's process, at paths of their own, for the length of the measurement.
"""

import gc
import statistics
import time

from django.http import HttpResponse
from django.urls import clear_url_caches, path
from rest_framework.response import Response
from rest_framework.views import APIView

from bench.inprocess import WARMUP_ROUNDS, Server

BODY = b'{"id":1}'
PATHS = {"django": "/bench-framework/django", "drf": "/bench-framework/drf"}


def django_view(request):
    return HttpResponse(BODY, content_type="application/json")


class DrfView(APIView):
    """The project's REST_FRAMEWORK policies, as every API view has them; it reads nothing."""

    def get(self, request):
        return Response({"id": 1})


def measure(key: str, *, rounds: int, batch: int) -> dict:
    """{"django_ms", "drf_ms"}: medians of interleaved rounds, each sample the mean of `batch` calls."""
    import cookieshop.urls

    added = [path(PATHS["django"][1:], django_view), path(PATHS["drf"][1:], DrfView.as_view())]
    cookieshop.urls.urlpatterns[:0] = added
    clear_url_caches()
    try:
        server = Server(key)
        for url in PATHS.values():
            assert server.get(url).content == BODY
        samples = {name: [] for name in PATHS}
        for number in range(-min(WARMUP_ROUNDS, rounds), rounds):
            for name, url in PATHS.items():
                gc.collect()
                start = time.perf_counter_ns()
                for _ in range(batch):
                    server.get(url)
                if number >= 0:
                    samples[name].append((time.perf_counter_ns() - start) / 1e6 / batch)
    finally:
        del cookieshop.urls.urlpatterns[: len(added)]
        clear_url_caches()
    return {f"{name}_ms": round(statistics.median(values), 3) for name, values in samples.items()}


def table(results: dict) -> str:
    figures = results.get("framework")
    if not figures:
        return ""
    floors = {"page of 10": results["list"]["10"]["floor_ms"], "detail": results["detail"]["floor_ms"]}
    rows = [
        ("a plain Django view, behind the project's middleware", figures["django_ms"]),
        ("a DRF view with the project's key authentication, permissions, throttles", figures["drf_ms"]),
    ]
    lines = [
        'The stack\'s own fixed cost: views that read nothing and answer {"id":1} (bench/framework.py), '
        "through the same WSGI path, against the floors of the smallest requests\n",
        "| view | ms (median) | × the page-of-10 floor | × the detail floor |",
        "|---|---:|---:|---:|",
    ]
    for name, ms in rows:
        lines.append(f"| {name} | {ms:.3f} | {ms / floors['page of 10']:.1f}× | {ms / floors['detail']:.1f}× |")
    return "\n".join(lines) + "\n"
