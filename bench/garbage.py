"""Cyclic garbage per call: objects only the GC can free, and what collecting them costs.

Reference counting frees acyclic garbage at once; objects in reference cycles wait for a
collection. A server pays for them in its periodic full collections (spikes in p99 and in
CPU per request), which medians of single calls with the heap collected in between do not show.
"""

import gc
import statistics
import time

CALLS = 10  # garbage of several calls per collection: its cost stands out of the heap walk's noise


def collect_ms() -> tuple[int, float]:
    start = time.perf_counter_ns()
    found = gc.collect()
    return found, (time.perf_counter_ns() - start) / 1e6


def garbage(call, *, repeat: int = 3, calls: int = CALLS) -> dict:
    """{"objects": cyclic objects one call leaves, "ms": a full collection's extra time for them}, per call.

    Automatic collection is paused while the calls pile up their garbage, so that one timed
    collection frees all of it; the same collection with nothing to free is the baseline.
    """
    objects, extra = [], []
    for _ in range(repeat):
        gc.collect()
        _, baseline = collect_ms()  # nothing to free: the walk of the live heap alone
        gc.disable()
        try:
            for _ in range(calls):
                call()
        finally:
            gc.enable()
        found, elapsed = collect_ms()
        objects.append(found / calls)
        extra.append((elapsed - baseline) / calls)
    return {"objects": round(statistics.median(objects)), "ms": round(max(0.0, statistics.median(extra)), 3)}
