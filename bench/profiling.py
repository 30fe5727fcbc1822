"""A cProfile of one request (averaged over a few): the top functions by own time, and own time per package."""

import cProfile
import gc
import pstats
import sysconfig
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STDLIB = sysconfig.get_paths()["stdlib"] + "/"
PACKAGES = ("rest_framework_api_key", "rest_framework", "django_filters", "django", "orjson")
# DRF's steps of a list request, siblings in its call tree: (module, function).
STAGES = {
    "authentication (API key)": ("rest_framework/views.py", "perform_authentication"),
    "permissions": ("rest_framework/views.py", "check_permissions"),
    "throttles": ("rest_framework/views.py", "check_throttles"),
    "filters": ("rest_framework/generics.py", "filter_queryset"),
    "page: count, queries, model instances": ("rest_framework/generics.py", "paginate_queryset"),
    "serializer.data": ("rest_framework/serializers.py", "data"),
    "pagination headers": ("rest_framework/generics.py", "get_paginated_response"),
    "rendering": ("rest_framework/response.py", "rendered_content"),
}


def profile(call, *, repeat: int = 20, top: int = 10) -> dict:
    """Profile `repeat` calls of `call`, reported per call: {"total_ms", "top": [rows], "by_package": {name: ms}}.

    One call alone is at the mercy of a preemption on a shared machine; the average of a few is not.
    The heap is collected before each call, as for the timings: a full collection would otherwise
    be charged to whichever function happened to allocate when it started.
    """
    profiler = cProfile.Profile()
    for _ in range(repeat):
        gc.collect()
        profiler.enable()
        call()
        profiler.disable()
    stats = pstats.Stats(profiler).stats
    rows = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)
    by_package = defaultdict(float)
    for function, (_, _, own, _, _) in stats.items():
        by_package[package_of(function)] += own * 1000 / repeat
    return {
        "repeat": repeat,
        "total_ms": round(sum(by_package.values()), 3),
        "top": [
            {
                "ncalls": round(calls / repeat),
                "tottime_ms": round(own * 1000 / repeat, 3),
                "cumtime_ms": round(cum * 1000 / repeat, 3),
                "function": where(function),
            }
            for function, (_, calls, own, cum, _) in rows[:top]
        ],
        "by_package": {name: round(ms, 3) for name, ms in sorted(by_package.items(), key=lambda kv: -kv[1])},
        "stages": stages(stats, repeat),
    }


def stages(stats: dict, repeat: int) -> dict[str, float]:
    """Cumulative ms per call of each of DRF's steps (the outermost match), and the rest of the request."""
    total = max(row[3] for row in stats.values()) * 1000 / repeat
    found = {}
    for stage, (module, name) in STAGES.items():
        times = [row[3] for (filename, _, function), row in stats.items() if function == name and module in filename]
        if times:
            found[stage] = round(max(times) * 1000 / repeat, 3)
    found["everything else (middleware, routing, view setup, test client)"] = round(total - sum(found.values()), 3)
    return found


def where(function: tuple[str, int, str]) -> str:
    """`package/module.py:line(name)`, or the builtin's own name."""
    filename, line, name = function
    if filename == "~":
        return name
    path = filename.split("site-packages/")[-1].removeprefix(STDLIB)
    if path.startswith(str(ROOT)):
        path = str(Path(path).relative_to(ROOT))
    return f"{path}:{line}({name})"


def package_of(function: tuple[str, int, str]) -> str:
    """Which layer spent the time: a third-party package, the project, the standard library or a builtin."""
    filename, _, name = function
    if filename == "~":
        return "sqlite3 (C)" if "sqlite3" in name else "builtins (C)"
    path = filename.split("site-packages/")[-1]
    if path.startswith(str(ROOT)):
        return "project (" + Path(path).relative_to(ROOT).parts[0] + "/)"
    for package in PACKAGES:
        if path.startswith(package + "/"):
            return package
    if filename.startswith("<frozen "):
        return "stdlib " + filename.removeprefix("<frozen ").rstrip(">").split(".")[0]
    if filename.startswith(STDLIB):
        return "stdlib " + filename[len(STDLIB) :].split("/")[0].removesuffix(".py")
    return path.split("/")[0]


def format_top(result: dict) -> str:
    lines = [f"{'ncalls':>7} {'tottime ms':>10} {'cumtime ms':>10}  function"]
    for row in result["top"]:
        lines.append(f"{row['ncalls']:>7} {row['tottime_ms']:>10.3f} {row['cumtime_ms']:>10.3f}  {row['function']}")
    return "\n".join(lines)
