"""`python -m bench.polling` (`make bench-polling`): what a 304 costs next to its 200, and the export's memory.

Runs on the database DATABASE_URL names (PostgreSQL for the export figures: its
server-side cursor is what keeps memory flat), seeded with seed_demo. Writes
bench/polling.json; `make bench` carries its table into RESULTS.md.
"""

import json
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path

from bench import dataset

PAGE = "/api/v2/orders?page_size=100"
EXPORT = "/api/v2/orders/export"
WALK_PAGE_SIZE = 500
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 30))
BATCH = 10
OUT = dataset.BENCH_DIR / "polling.json"
EXPORT_TIMEOUT = 600
MEMORY_GOAL_MIB = 50
REVALIDATION_GOAL = 1 / 3


def configure() -> None:
    """The bench's production-like settings on the database of DATABASE_URL."""
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a seeded database (seed_demo --orders 100000), PostgreSQL for the export.")
    os.environ.update({**dataset.ENVIRONMENT, "DJANGO_SETTINGS_MODULE": "cookieshop.settings"})
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "b" * 40)
    import django

    django.setup()


def mean_ms(client, headers: dict, expected: int) -> float:
    """The mean time of BATCH requests in a row, in ms."""
    start = time.perf_counter_ns()
    for _ in range(BATCH):
        response = client.get(PAGE, headers=headers)
        assert response.status_code == expected, response.status_code
    return (time.perf_counter_ns() - start) / 1e6 / BATCH


def revalidation(key: str) -> dict:
    """Median ms of the 200 and of its 304 revalidation for a page of 100, interleaved rounds."""
    from django.test import Client

    client, headers = Client(), {"X-API-Key": key}
    etag = client.get(PAGE, headers=headers)["ETag"]
    samples = {"200": [], "304": []}
    for round_number in range(ROUNDS + 2):
        full = mean_ms(client, headers, 200)
        revalidated = mean_ms(client, {**headers, "If-None-Match": etag}, 304)
        if round_number >= 2:  # warm-up rounds
            samples["200"].append(full)
            samples["304"].append(revalidated)
    ms_200, ms_304 = statistics.median(samples["200"]), statistics.median(samples["304"])
    return {"ms_200": round(ms_200, 3), "ms_304": round(ms_304, 3), "ratio": round(ms_304 / ms_200, 3)}


def get(url: str, key: str):
    return urllib.request.urlopen(urllib.request.Request(url, headers={"X-API-Key": key}), timeout=600)


def walked_orders(base: str, key: str):
    """Every order, walking the v2 list's `next` links."""
    url = f"{base}/api/v2/orders?page_size={WALK_PAGE_SIZE}"
    while url:
        with get(url, key) as answer:
            page = json.loads(answer.read())
        yield from page["results"]
        url = page["next"]


def export(key: str) -> dict:
    """Streams the whole export from a one-worker gunicorn; RSS growth, throughput, same rows as the list."""
    from bench import e2e

    # gunicorn's sync workers are killed after --timeout (30 s) of one request: a 100,000-order
    # export takes longer on a busy machine (README "Partner API", Export).
    environment = {**os.environ, "PYTHONWARNINGS": "ignore", "GUNICORN_CMD_ARGS": f"--timeout {EXPORT_TIMEOUT}"}
    log = Path("/tmp") / f"bench-polling-{os.getpid()}.log"
    with e2e.gunicorn("cookieshop.wsgi:application", workers=1, environment=environment, log=log) as (base, master):
        e2e.wait_until_serving(base + PAGE, key)
        with get(f"{base}{EXPORT}?created_before=2024-01-02", key) as answer:
            answer.read()  # warms the export's code path
        (worker,) = e2e.worker_status(master)
        before_kib = int(e2e.worker_status(master)[worker]["VmRSS"].split()[0])
        start = time.perf_counter()
        with get(base + EXPORT, key) as answer:
            lines = answer.read().splitlines()
        seconds = time.perf_counter() - start
        peak_kib = int(e2e.worker_status(master)[worker]["VmHWM"].split()[0])
        # strict: a different number of orders raises rather than compares a prefix.
        same = all(json.loads(line) == order for line, order in zip(lines, walked_orders(base, key), strict=True))
    return {
        "orders": len(lines),
        "seconds": round(seconds, 2),
        "orders_per_s": round(len(lines) / seconds),
        "rss_before_mib": round(before_kib / 1024, 1),
        "rss_growth_mib": round((peak_kib - before_kib) / 1024, 1),
        "same_rows_as_the_list": same,
    }


def markdown(figures: dict) -> str:
    """The section of RESULTS.md (bench.report appends it when polling.json exists)."""
    r, e = figures["revalidation"], figures["export"]
    return (
        "\n## Polling and export (`make bench-polling`, "
        f"{figures['database']}, {figures['orders']:,} orders)\n\n"
        "| measure | figure | goal |\n|---|---:|---:|\n"
        f"| GET {PAGE}: 200, ms (median of {ROUNDS} × {BATCH}) | {r['ms_200']:.2f} | |\n"
        f"| same, revalidated with If-None-Match: 304, ms | {r['ms_304']:.2f} | |\n"
        f"| 304 / 200 | {r['ratio']:.2f} | ≤ {REVALIDATION_GOAL:.2f} |\n"
        f"| export: orders streamed (gunicorn `--timeout {EXPORT_TIMEOUT}`, 1 sync worker) "
        f"| {e['orders']:,} in {e['seconds']} s | |\n"
        f"| export: throughput, orders/s | {e['orders_per_s']:,} | |\n"
        f"| export: worker RSS growth (VmHWM − VmRSS before), MiB | {e['rss_growth_mib']} | < {MEMORY_GOAL_MIB} |\n"
        f"| export: same rows as walking the list | {'yes' if e['same_rows_as_the_list'] else 'NO'} | yes |\n"
        + load_note(figures.get("load_average"))
    )


def load_note(load_average) -> str:
    if load_average is None:
        return ""
    return f"\n2 shared cores; load average at the start {[round(x, 2) for x in load_average]}.\n"


def main() -> int:
    configure()
    from django.db import connection

    from orders.models import Order

    key = dataset.issue_key()
    figures = {"database": connection.vendor, "orders": Order.objects.count(), "load_average": os.getloadavg()}
    figures["revalidation"] = revalidation(key)
    figures["export"] = export(key)
    OUT.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(markdown(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
