"""Writes the figures: results.json, RESULTS.md with its tables and profile, and chart.png."""

import json
from pathlib import Path

from bench import chart, goals
from bench.diagnosis import format_top

WEBHOOKS_SECTION = "<!-- webhooks bench -->"
COUNT_CHECK_HINT = "not measured: `make bench BENCH_ARGS=--count-check` seeds and measures it"
# `make load`'s figures, kept by hand at the end of RESULTS.md: a bench run carries them over.
LOAD_HEADING = "\n## Load test (`make load`)\n"


def write(results: dict, out_dir: Path) -> str:
    """Write the three files into `out_dir`; return the tables, as printed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    chart.draw(results, out_dir / "chart.png")
    tables = "\n".join(
        [goals.table(results), inprocess_table(results), garbage_table(results), per_order_table(results)]
        + [http_table(results), count_table(results)]
    )
    md = out_dir / "RESULTS.md"
    old = md.read_text(encoding="utf-8") if md.exists() else ""
    # Kept as they are: `make load`'s figures (by hand) and the webhooks section (bench/webhooks.py), last.
    head, marker, rest = old.partition(WEBHOOKS_SECTION)
    load = "".join(head.partition(LOAD_HEADING)[1:])
    webhooks = "\n" + marker + rest if marker else ""
    md.write_text(markdown(results, tables) + polling_section(out_dir) + load + webhooks, encoding="utf-8")
    return tables


def polling_section(out_dir: Path) -> str:
    """The figures of the last `make bench-polling` (a PostgreSQL run of its own), when there are any."""
    from bench import polling

    figures = out_dir / polling.OUT.name
    return polling.markdown(json.loads(figures.read_text(encoding="utf-8"))) if figures.exists() else ""


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
        "| project / floor | body bytes",
        [
            f"{name} | {f['queries']} / {f['floor_queries']} | {f['ms']:.2f} | {f['p90_ms']:.2f} "
            f"| {f['floor_ms']:.3f} | {f['floor_p90_ms']:.3f} | {f['ratio_to_floor']:.1f}× | {f['bytes']:,}"
            for name, f in labelled(results)
        ],
    )


def garbage_table(results: dict) -> str:
    return table(
        "Cyclic garbage per request: objects only a GC pass frees, and the extra ms of the full collection"
        " that frees them (not in the times above; a server pays it in periodic collections)",
        "GET /api/v1/orders | objects (project / floor) | collection ms (project / floor)",
        [
            f"{name} | {f['gc_objects']:,} / {f['floor_gc_objects']:,} | {f['gc_ms']:.2f} / {f['floor_gc_ms']:.2f}"
            for name, f in labelled(results)
        ],
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
        "server | requests/s | p50 ms | p99 ms | worker CPU ms per request | peak worker memory (VmHWM)",
        [
            f"{name} | {f['rps']:,.0f} | {f['p50_ms']:.1f} | {f['p99_ms']:.1f} | {f['cpu_ms_per_request']:.2f} "
            f"| {f['peak_worker_mib']} MiB"
            for name, f in ((name, http[name]) for name in ("project", "floor"))
        ],
    )


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


def markdown(results: dict, tables: str) -> str:
    machine, data, profile = results["machine"], results["data"], results["profile"]
    layers = ", ".join(f"{name} {ms:.2f}" for name, ms in list(profile["by_package"].items())[:8])
    stages = "\n".join(f"| {name} | {ms:.2f} |" for name, ms in profile["stages"].items())
    machine_rows = "\n".join(f"| {name} | {value} |" for name, value in machine.items())
    settings = ", ".join(f"{name}={value}" for name, value in results["settings"].items())
    return f"""# Partner API benchmark: the project against the floor

Measured {machine["date"]} on commit `{machine["commit"]}` by `make bench` ({results["elapsed_s"]:.0f} s).
Data: {data["orders"]:,} demo orders with {data["lines"]:,} lines from `seed_demo` (1–5 lines each),
in its own SQLite file. Settings: {settings}.

The **floor** is `bench/floor.py`: the cheapest way to the same bytes, two raw SQL
queries (the page of orders joined to addresses, their lines joined to cookie names)
and orjson, with no framework, no key check, no count and no headers. The bench
asserts that its body bytes equal the project's for every case before timing.
The **project** is a full request through Django's test client with a real API key
(`APIKey.objects.create_key`): every middleware, authentication, throttle,
pagination headers (with the count) and rendering. Each sample is the mean of
{results["batch"]} calls in a row, as a server meets a stream of requests. GC stays on; it is
collected (untimed) before each batch, so that neither pays for the other's
garbage, and each round alternates which contender goes first.

{tables}
![project vs floor per page size](chart.png)

Reading the tables: the in-process medians leave out the GC passes that free the
project's cyclic garbage (collected untimed between batches, measured apart above); the
end-to-end worker CPU time per request includes them, and gunicorn's own per-request
work for both servers. Requests per second and p99 move with whatever else the two
shared cores are running; CPU time per request much less.

## What was done, and what is left

- **Rows, not model instances.** A page of v1 orders is read with `values_list()`
  (`api/v1/rows.py`): one query for the orders joined to their addresses, one for
  their lines joined to cookie names, in the selector's `PARTNER_LINE_ORDERING`.
  v1 is frozen, so its columns are written out once there; the ModelSerializers still
  declare the shape and the schema, and `api/tests/v1/test_rows.py` proves the rows
  give exactly DRF's output (the v1 golden file is unchanged). This removed the model
  instances, the per-order prefetch querysets and the reference cycles that made GC
  pauses (see the garbage table).
- **orjson** renders (`api/renderers.py`), with DRF's escaping of U+2028/U+2029 kept.
- **django-filter's form** is left out when the request sets none of its fields and the
  FilterSet is proven, once per class, to leave the queryset untouched without them.
- **The key check** is one indexed lookup by prefix and one SHA-512.
- **The count** behind `X-Total-Count` is a plain `COUNT(*)`; its share is in the
  last table (run `--count-check` for 100,000 orders).
- **Not done: ETag / `If-None-Match`.** An ETag that is cheaper than the page needs
  a cheap fingerprint of the page, and orders (their lines, their addresses) are
  edited in the admin without a version column; hashing the rendered body saves only
  bytes on the wire, not the time measured here. Not worth it yet.

Where a goal above does not hold, the profile below says what is left: the fixed
cost of every request (Django's handler and middleware, DRF's request, negotiation,
authentication, throttle and response, and the ORM compiling four queries: key,
count, orders, lines) is paid whatever the page size, so it weighs most on small
pages; the floor pays none of it. Removing it would mean leaving DRF's view and the
ORM for the list, which is the design this project keeps.

## Where the project's time goes

cProfile of one list request of 100, averaged over {profile["repeat"]} requests so that a
preemption does not pass for a hot spot: figures are per request ({profile["total_ms"]:.1f} ms
under the profiler, which inflates the many small calls).

| step of the request (cumulative, under the profiler) | ms |
|---|---:|
{stages}

Own time by layer, ms: {layers}.

Top 10 functions by own time (tottime):

```
{format_top(profile)}
```

## Machine

| | |
|---|---|
{machine_rows}

2 cores shared with other work: figures are medians of interleaved rounds, and the
load generator shares the cores with the servers.
"""
