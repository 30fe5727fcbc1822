"""Writes the figures: results.json, RESULTS.md with its tables and profile, and chart.png."""

import json
from pathlib import Path

from bench import chart, framework, goals, tables

WEBHOOKS_SECTION = "<!-- webhooks bench -->"
# `make load`'s figures, kept by hand at the end of RESULTS.md: a bench run carries them over.
LOAD_HEADING = "\n## Load test (`make load`)\n"


def write(results: dict, out_dir: Path) -> str:
    """Write the three files into `out_dir`; return the tables, as printed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    chart.draw(results, out_dir / "chart.png")
    shown = "\n".join(
        [goals.table(results), tables.where_table(results), tables.inprocess_table(results)]
        + [tables.garbage_table(results), tables.per_order_table(results), tables.http_table(results)]
        + [tables.memory_table(results), tables.count_table(results), framework.table(results)]
    )
    md = out_dir / "RESULTS.md"
    old = md.read_text(encoding="utf-8") if md.exists() else ""
    # Kept as they are: `make load`'s figures (by hand) and the webhooks section (bench/webhooks.py), last.
    head, marker, rest = old.partition(WEBHOOKS_SECTION)
    load = "".join(head.partition(LOAD_HEADING)[1:])
    webhooks = "\n" + marker + rest if marker else ""
    sections = markdown(results, shown) + scale_section(results) + polling_section(out_dir)
    md.write_text(sections + load + webhooks, encoding="utf-8")
    return shown


def scale_section(results: dict) -> str:
    """The PostgreSQL scale run's own section (bench/scale.py), when this run has its figures."""
    if not results.get("scale"):
        return ""
    from bench.scale import section  # only then: the scale run is an option of its own

    return "\n" + section(results["scale"]).strip("\n") + "\n"


def polling_section(out_dir: Path) -> str:
    """The figures of the last `make bench-polling` (a PostgreSQL run of its own), when there are any."""
    from bench import polling

    figures = out_dir / polling.OUT.name
    return polling.markdown(json.loads(figures.read_text(encoding="utf-8"))) if figures.exists() else ""


def markdown(results: dict, shown: str) -> str:
    machine, data = results["machine"], results["data"]
    machine_rows = "\n".join(f"| {name} | {value} |" for name, value in machine.items())
    settings = ", ".join(f"{name}={value}" for name, value in results["settings"].items())
    repeat = next(iter(results["profile"].values()))["repeat"]
    return f"""# Partner API benchmark: the project against the floor

Measured {machine["date"]} on commit `{machine["commit"]}` by `make bench` ({results["elapsed_s"]:.0f} s).
Data: {data["orders"]:,} demo orders with {data["lines"]:,} lines from `seed_demo` (1–5 lines each),
in its own SQLite file. Settings: {settings}.

The **floor** is `bench/floor.py`: the cheapest way to the same bytes, two raw SQL
queries (the page of orders joined to addresses, their lines joined to cookie names)
and orjson, with no framework, no key check, no count and no headers. The bench
asserts that its body bytes equal the project's for every case before timing.
The **project** is a full request through Django's WSGI application, as gunicorn calls
it, with a real API key (`APIKey.objects.create_key`): every middleware, authentication,
throttle, pagination headers (with the count) and rendering, the body read to its end.
Until issue 16 the bench went through Django's test client, which adds work no server
does (signal receivers, responses decorated for assertions): its figures stay beside,
in the last column but one. Each sample is the mean of
{results["batch"]} calls in a row, as a server meets a stream of requests. GC stays on; it is
collected (untimed) before each batch, so that neither pays for the other's
garbage, and each round alternates which contender goes first.

{shown}
![project vs floor per page size](chart.png)

Reading the tables: the in-process medians leave out the GC passes that free the
project's cyclic garbage (collected untimed between batches, measured apart above); the
end-to-end worker CPU time per request includes them, and gunicorn's own per-request
work for both servers. Requests per second and latencies move with whatever else the two
shared cores are running; CPU time per request much less. A worker's memory is read from
/proc: VmHWM is its peak resident set over the whole run, VmRSS after each run shows
whether the runs leave memory behind.

## What issue 16 did: the fixed cost of a request, and the count

Before, on `8ef0876` (same bench, through the test client): detail 60.9×, pages of
10/100/500 at 20.5/4.8/2.3× the floor, 454 requests/s through gunicorn against the
floor's 1,680. What changed, each measured with the profiler or `gc.callbacks` first:

- **Queries compiled once** (`orders/compiled.py`). Django compiles a queryset to SQL
  each time; for the queries every request runs, compiling cost more than running.
  `CompiledQuery` is still written with the ORM, compiled on first use per connection
  with placeholder values, then run with the real ones through the ORM's converters.
  It serves the key lookup (`api/models.py`, drf-api-key's own checks kept), the v1
  detail (`api/v1/rows.py`, the order and its lines in one query, as rows; filters, odd
  ids and misses keep DRF's path), the page of every order and the last position (the count).
  The stack's own cost, measured beside, is most of what is left on small requests.
- **The count and deep pages** (`orders/counting.py`): orders are numbered 1..N by id
  (`Order.position`, given under the checkout's lock), so the count of every order is
  one index probe and a page of it is a range of positions, at any depth; see Scale.
- **One round trip per limit**: the throttles `incr` first (one Lua call on Redis) and
  `add` only when a window begins.
- **Less garbage, cheaper collections**: `api/middleware.py` breaks DRF's view ↔
  request ↔ response cycles once the answer is made, so a page's data goes at once
  (collections: 0.3 → 0.1 ms a page of 100); each gunicorn worker `gc.freeze()`s the
  loaded app, which full collections walked again and again (0.43 → 0.26 ms a request).
- **Smaller cuts**: page links parse the URL once; the partner selector copies a
  queryset built once; v1 rows skip the ORM's per-row date converter.

## What issue 8 did: the row path of a list

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
- **Not done: ETag / `If-None-Match`.** An ETag that is cheaper than the page needs
  a cheap fingerprint of the page, and orders (their lines, their addresses) are
  edited in the admin without a version column; hashing the rendered body saves only
  bytes on the wire, not the time measured here. Not worth it yet.

What is left is in the goals table: for each goal that does not hold, the costliest
steps of its request under the profiler, from “Where the time goes”. A step that costs
the same at every page size is the fixed cost of a request, which weighs most on the
detail and on small pages; the floor pays none of it.

## Where each request's time goes, function by function

cProfile of each kind of request, averaged over {repeat} requests so that a preemption
does not pass for a hot spot: figures are per request, under the profiler (which
inflates the many small calls). The steps are in “Where the time goes” above.

{profile_details(results)}
## Machine

| | |
|---|---|
{machine_rows}

2 cores shared with other work: figures are medians of interleaved rounds, and the
load generator shares the cores with the servers.
"""


def profile_details(results: dict) -> str:
    """Own time by layer and the top functions, for each profiled request."""
    parts = []
    for case, profile in results["profile"].items():
        layers = ", ".join(f"{name} {ms:.2f}" for name, ms in list(profile["by_package"].items())[:8])
        parts.append(
            f"### {tables.case_name(case)} ({profile['total_ms']:.1f} ms under the profiler)\n\n"
            f"Own time by layer, ms: {layers}.\n\n"
            f"Top {len(profile['top'])} functions by own time (tottime):\n\n```\n{format_top(profile)}\n```\n"
        )
    return "\n".join(parts)


def format_top(result: dict) -> str:
    lines = [f"{'ncalls':>7} {'tottime ms':>10} {'cumtime ms':>10}  function"]
    for row in result["top"]:
        lines.append(f"{row['ncalls']:>7} {row['tottime_ms']:>10.3f} {row['cumtime_ms']:>10.3f}  {row['function']}")
    return "\n".join(lines)
