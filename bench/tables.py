"""The Markdown tables of RESULTS.md, each from the figures of one run (results.json)."""

from bench.diagnosis import STAGES

COUNT_CHECK_HINT = "not measured: `make bench BENCH_ARGS=--count-check` seeds and measures it"


def table(caption: str, header: str, rows: list[str]) -> str:
    """A Markdown table under its caption: a header of `|`-separated names, numbers right-aligned."""
    names = header.split(" | ")
    rule = "|---|" + "---:|" * (len(names) - 1)
    return "\n".join([caption + "\n", f"| {header} |", rule, *(f"| {row} |" for row in rows)]) + "\n"


def labelled(results: dict) -> list[tuple[str, dict]]:
    """(label, figures) of each list page size, then of the detail."""
    rows = [(f"list, page_size={size}", figures) for size, figures in results["list"].items()]
    return [*rows, (f"detail (id {results['data']['detail_id']})", results["detail"])]


def inprocess_table(results: dict) -> str:
    return table(
        f"In process, ms per request: median and p90 of {results['rounds']} interleaved rounds "
        f"(each sample the mean of {results['batch']} calls)",
        "GET /api/v1/orders | queries (project / floor) | project p50 | project p90 | floor p50 | floor p90 "
        "| project / floor | through the test client p50 (p90) | body bytes",
        [
            f"{name} | {f['queries']} / {f['floor_queries']} | {f['ms']:.2f} | {f['p90_ms']:.2f} "
            f"| {f['floor_ms']:.3f} | {f['floor_p90_ms']:.3f} | {f['ratio_to_floor']:.1f}× "
            f"| {test_client(f)} | {f['bytes']:,}"
            for name, f in labelled(results)
        ],
    )


def test_client(figures: dict) -> str:
    """The same request through Django's test client, as the bench timed it before issue 16."""
    if "test_client_ms" not in figures:
        return "not measured"
    ratio = figures["test_client_ms"] / figures["floor_ms"]
    return f"{figures['test_client_ms']:.2f} ({figures['test_client_p90_ms']:.2f}): {ratio:.1f}×"


def garbage_table(results: dict) -> str:
    return table(
        "Cyclic garbage per request: objects only a GC pass frees (not in the times above; a server pays"
        " for them in its collections, which the gunicorn figures include). The time of a collection is"
        " too small to tell from the heap walk's noise here, so it is in results.json only",
        "GET /api/v1/orders | objects (project / floor)",
        [f"{name} | {f['gc_objects']:,} / {f['floor_gc_objects']:,}" for name, f in labelled(results)],
    )


def per_order_table(results: dict) -> str:
    if not results["per_order"]:
        return ""
    rows = []
    for name, f in results["per_order"].items():
        marginal = "–" if f["marginal"] is None else f"{f['marginal']:.4f}"  # fewer than 500 orders
        rows.append(f"{name} | {f['at_100']:.4f} | {f['at_500']:.4f} | {marginal}")
    return table(
        "Time per order (ms), list requests: average at 100 and at 500, and each order added from 100 to 500",
        "contender | per order at 100 | per order at 500 | each extra order",
        rows,
    )


def http_table(results: dict) -> str:
    http = results["http"]
    if not http:
        return "End to end: not measured (--no-http)\n"
    return table(
        f"End to end, gunicorn ({http['workers']} workers each, {http['gunicorn_config']}) on loopback, "
        f"{http['load_generator']}, "
        f"page_size={http['page_size']}: medians of {http['rounds']} alternating runs of {http['seconds_per_run']} s",
        "server | requests/s | p50 ms | p90 ms | p99 ms | worker CPU ms per request | peak worker memory (VmHWM)",
        [
            f"{name} | {f['rps']:,.0f} | {f['p50_ms']:.1f} | {f['p90_ms']:.1f} | {f['p99_ms']:.1f} "
            f"| {f['cpu_ms_per_request']:.2f} | {f['peak_worker_mib']} MiB"
            for name, f in ((name, http[name]) for name in ("project", "floor"))
        ],
    )


def memory_table(results: dict) -> str:
    """Each worker's resident memory after the warm-up and after every run: does it grow?"""
    http = results["http"]
    if not http:
        return ""
    rows = []
    for name in ("project", "floor"):
        by_run, since = http[name]["rss_mib_by_run"], http[name]["rss_growth_since_warm_up_mib"]
        for pid in by_run[0]:
            after = ", ".join(f"{reading[pid]:.1f}" if pid in reading else "gone" for reading in by_run[1:])
            grown = http[name]["rss_growth_mib"].get(pid)
            shown = "–" if grown is None else f"{grown:+.1f}"
            grown_since = "–" if pid not in since else f"{since[pid]:+.1f}"
            rows.append(f"{name} | {pid} | {by_run[0][pid]:.1f} | {after} | {grown_since} | {shown}")
    return table(
        "Worker memory across the end-to-end runs: each worker's VmRSS (MiB) after the warm-up and after each"
        " run; its growth since the warm-up, and over the second half of the runs (a leak shows there, where"
        " the first requests' rise to a plateau has passed)",
        "server | worker pid | after the warm-up | after each run | growth since the warm-up "
        f"| growth from run {http['project']['rss_growth_from_run']}",
        rows,
    )


def where_table(results: dict) -> str:
    """ms per request in each of DRF's steps, under the profiler, for every profiled request."""
    profiles = results["profile"]
    # DRF's steps in the order a request meets them, whichever request took them; the rest last.
    seen = {stage for profile in profiles.values() for stage in profile["stages"]}
    rest = dict.fromkeys(stage for profile in profiles.values() for stage in profile["stages"] if stage not in STAGES)
    stages = [stage for stage in STAGES if stage in seen] + list(rest)
    rows = []
    for stage in stages:
        cells = []
        for profile in profiles.values():
            ms, total = profile["stages"].get(stage), sum(profile["stages"].values())
            cells.append("–" if ms is None else f"{ms:.2f} ({ms / total:.0%})")
        rows.append(" | ".join([stage, *cells]))
    rows.append(" | ".join(["**profiled request**", *(f"{sum(p['stages'].values()):.2f}" for p in profiles.values())]))
    medians = [figures(results, case)["ms"] for case in profiles]
    rows.append(" | ".join(["median without the profiler (in-process table)", *(f"{ms:.2f}" for ms in medians)]))
    repeat = next(iter(profiles.values()))["repeat"]
    return table(
        f"Where the time goes: ms per request in each step (share of the request), cProfile of {repeat} requests"
        " of each kind averaged; the profiler inflates the many small calls, so read the shares",
        "step of the request | " + " | ".join(case_name(case) for case in profiles),
        rows,
    )


def figures(results: dict, case: str) -> dict:
    return results["detail"] if case == "detail" else results["list"][case]


def case_name(case: str) -> str:
    return "detail" if case == "detail" else f"page of {case}"


def count_table(results: dict) -> str:
    rows = []
    for label, f in results["count"].items():
        if f is None:
            rows.append(f"{int(label):,} | {COUNT_CHECK_HINT} | |")
        else:
            rows.append(f"{f['orders']:,} | {f['count_ms']:.3f} | {f['list_100_ms']:.2f} | {f['share_of_request']:.1%}")
    sql = next((f["sql"] for f in results["count"].values() if f), "")
    caption = "The count query behind X-Total-Count (median ms), next to the list request of 100 it belongs to"
    header = "orders | count query | list request of 100 | share of the request"
    return table(caption, header, rows) + f"\n\nThe count SQL: `{sql}`\n"
