"""Cyclic garbage per call: objects only the GC can free, and what collecting them costs.

Reference counting frees acyclic garbage at once; objects in reference cycles wait for a
collection. A server pays for them in its periodic full collections (spikes in p99 and in
CPU per request), which medians of single calls with the heap collected in between do not show.
"""

import gc
import statistics
import time


def collect_ms() -> tuple[int, float]:
    start = time.perf_counter_ns()
    found = gc.collect()
    return found, (time.perf_counter_ns() - start) / 1e6


def garbage(call, *, repeat: int = 5) -> dict:
    """{"objects": cyclic objects one call leaves, "ms": a full collection's extra time for them}."""
    objects, extra = [], []
    for _ in range(repeat):
        gc.collect()
        _, baseline = collect_ms()  # a collection with nothing to free: the traversal of the live heap
        call()
        found, elapsed = collect_ms()
        objects.append(found)
        extra.append(elapsed - baseline)
    return {"objects": round(statistics.median(objects)), "ms": round(max(0.0, statistics.median(extra)), 3)}
