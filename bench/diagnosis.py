"""What explains the figures: a request's profile and cyclic garbage, and the machine they were measured on."""

import cProfile
import gc
import os
import platform
import pstats
import shutil
import sqlite3
import statistics
import subprocess
import sysconfig
import time
from collections import defaultdict
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench.dataset import ROOT

GARBAGE_CALLS = 10  # garbage of several calls per collection: its cost stands out of the heap walk's noise
STDLIB = sysconfig.get_paths()["stdlib"] + "/"
LAYERS = ("rest_framework_api_key", "rest_framework", "django_filters", "django", "orjson")
VERSIONS = ["Django", "djangorestframework", "djangorestframework-api-key", "gunicorn", "orjson"]
# DRF's steps of a list or a detail request, siblings in its call tree: (module, function).
STAGES = {
    "authentication (API key)": ("rest_framework/views.py", "perform_authentication"),
    "permissions": ("rest_framework/views.py", "check_permissions"),
    "throttles": ("rest_framework/views.py", "check_throttles"),
    "filters": ("rest_framework/generics.py", "filter_queryset"),
    "get_object: the order and its lines": ("rest_framework/generics.py", "get_object"),
    "the order and its lines as rows (v1 detail)": ("api/v1/rows.py", "retrieve"),
    "page: count and queries": ("rest_framework/generics.py", "paginate_queryset"),
    "serializer.data": ("rest_framework/serializers.py", "data"),
    "pagination headers": ("rest_framework/generics.py", "get_paginated_response"),
    "rendering": ("rest_framework/response.py", "rendered_content"),
}
DISPATCH = ("rest_framework/views.py", "dispatch")
OUTSIDE = "outside the view (Django's WSGI handler, middleware, URL routing)"


def garbage(call, *, repeat: int = 3, calls: int = GARBAGE_CALLS) -> dict:
    """{"objects", "ms"} per call: the cyclic objects a call leaves, and a full collection's extra time for them.

    Reference counting frees acyclic garbage at once; cycles wait for a collection, which a
    server pays in periodic full collections (p99 and CPU), not in medians of single calls.
    """
    objects, extra = [], []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter_ns()
        gc.collect()  # nothing to free: the walk of the live heap alone
        baseline = time.perf_counter_ns() - start
        gc.disable()  # so that one timed collection frees all of the calls' garbage
        try:
            for _ in range(calls):
                call()
        finally:
            gc.enable()
        start = time.perf_counter_ns()
        found = gc.collect()
        objects.append(found / calls)
        extra.append((time.perf_counter_ns() - start - baseline) / 1e6 / calls)
    return {"objects": round(statistics.median(objects)), "ms": round(max(0.0, statistics.median(extra)), 3)}


def profile(call, *, repeat: int = 20, top: int = 10) -> dict:
    """cProfile of `repeat` calls, per call: total, top functions by own time, own time by layer, DRF's steps.

    An average of a few calls, so that a preemption does not pass for a hot spot; the heap is
    collected before each, so that a full collection is not charged to whoever allocated last.
    """
    profiler = cProfile.Profile()
    for _ in range(repeat):
        gc.collect()
        profiler.enable()
        call()
        profiler.disable()
    stats = pstats.Stats(profiler).stats
    per_call = {
        function: (calls, own * 1000 / repeat, cum * 1000 / repeat)
        for function, (_, calls, own, cum, _) in stats.items()
    }
    by_layer = defaultdict(float)
    for function, (_, own, _) in per_call.items():
        by_layer[layer(function)] += own
    rows = sorted(per_call.items(), key=lambda item: item[1][1], reverse=True)[:top]
    total = max(cum for _, _, cum in per_call.values())
    stages = stage_times(stats, repeat)
    module, function = DISPATCH
    dispatch = max(
        (cum for (path, _, name), (_, _, cum) in per_call.items() if name == function and module in path), default=0
    )
    if dispatch:
        # Rendering runs after the view returns: every other step is inside DRF's dispatch.
        inside = sum(ms for stage, ms in stages.items() if stage != "rendering")
        stages["the rest of DRF's dispatch (request, negotiation, view setup)"] = round(dispatch - inside, 3)
        stages[OUTSIDE] = round(total - dispatch - stages.get("rendering", 0), 3)
    else:
        stages[OUTSIDE] = round(total - sum(stages.values()), 3)
    return {
        "repeat": repeat,
        "total_ms": round(sum(by_layer.values()), 3),
        "top": [
            {
                "ncalls": round(calls / repeat),
                "tottime_ms": round(own, 3),
                "cumtime_ms": round(cum, 3),
                "function": where(f),
            }
            for f, (calls, own, cum) in rows
        ],
        "by_package": {name: round(ms, 3) for name, ms in sorted(by_layer.items(), key=lambda kv: -kv[1])},
        "stages": stages,
    }


def stage_times(stats: dict, repeat: int) -> dict[str, float]:
    """ms per call in each of STAGES that the request went through, each counted once.

    A stage's function called from another stage's (DRF's get_object calls filter_queryset,
    ListSerializer.data calls Serializer.data) is part of that one: only calls from outside
    every stage count, so that the stages add up to no more than the request.
    """

    def stage_of(function: tuple[str, int, str]) -> str | None:
        path, _, name = function
        return next((stage for stage, (module, n) in STAGES.items() if n == name and module in path), None)

    stages = defaultdict(float)
    for function, (_, _, _, _, callers) in stats.items():
        if stage := stage_of(function):
            outside = [cum for caller, (_, _, _, cum) in callers.items() if stage_of(caller) is None]
            stages[stage] += sum(outside) * 1000 / repeat
    return {stage: round(stages[stage], 3) for stage in STAGES if stage in stages}


def where(function: tuple[str, int, str]) -> str:
    """`package/module.py:line(name)` (project files relative to the root), or a builtin's own name."""
    path, line, name = function
    if path == "~":
        return name
    path = path.split("site-packages/")[-1].removeprefix(STDLIB).removeprefix(f"{ROOT}/")
    return f"{path}:{line}({name})"


def layer(function: tuple[str, int, str]) -> str:
    """Which layer spent the time: a third-party package, the project, the standard library or a builtin."""
    path, _, name = function
    if path == "~":
        return "sqlite3 (C)" if "sqlite3" in name else "builtins (C)"
    path = path.split("site-packages/")[-1]
    if path.startswith(f"{ROOT}/"):
        return "project (" + path.removeprefix(f"{ROOT}/").split("/")[0] + "/)"
    if package := next((p for p in LAYERS if path.startswith(p + "/")), None):
        return package
    if path.startswith("<frozen "):
        return "stdlib " + path.removeprefix("<frozen ").rstrip(">").split(".")[0]
    if path.startswith(STDLIB):
        return "stdlib " + path.removeprefix(STDLIB).split("/")[0].removesuffix(".py")
    return path.split("/")[0]


def machine() -> dict:
    """Processor, memory, system, versions, the measured commit and the load when the run started."""
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "unknown")
    system = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    changed = "+changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "system": f"{system}, Linux {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        **{package: version(package) for package in VERSIONS},
        "wrk": wrk_version(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "commit": (git("rev-parse", "--short", "HEAD") or "unknown") + changed,
    }


def wrk_version() -> str | None:
    if shutil.which("wrk") is None:
        return None
    # wrk prints its version in its usage text, on stderr, and exits 1.
    usage = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (usage.stdout + usage.stderr).split(" [", 1)[0].removeprefix("wrk ").strip() or None


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
