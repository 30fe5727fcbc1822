"""The Scale goal: v1 and v2 pages, first and deep, at 10,000, 100,000 and 1,000,000 orders on PostgreSQL.

Each size runs in a child process (`python -m bench.scale --orders N --url URL`) set up as the
SQLite bench (bench.dataset: DEBUG off, a real key, the test client), on a database loaded once
by bench.scaleload; it answers one JSON line per round it is asked for, then its figures.
"""

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from subprocess import PIPE
from urllib.parse import urlsplit, urlunsplit

from bench import dataset, scaletext

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432"
SIZES = (10_000, 100_000, 1_000_000)
NAMES = {10_000: "cookieshop_bench_10k", 100_000: "cookieshop_bench_100k", 1_000_000: "cookieshop_bench_1m"}
PAGE = 100
DEPTH = 0.9  # "deep": the page that starts 90 % of the way down the list (when the page size divides it)
WARMUP_ROUNDS = 3
SQL_KEPT = 400  # characters of each query kept in results.json: enough to tell the plan, not 100 ids
EVERY_ORDER = "date_after=2000-01-01"  # a filter that matches every order
COOKIE = "chocolate-chip"  # a filter through the lines that matches about 3 orders in 8
GOAL_RATIO, goal_rows, section = scaletext.GOAL_RATIO, scaletext.goal_rows, scaletext.section


def measure(
    *, sizes=SIZES, rounds: int = 30, page: int = PAGE, base_url: str | None = None, names=None, stdout=sys.stdout
) -> dict:
    """Figures of every case at every size, and each case's ratio of the largest size to the smallest.

    A child process per size loads (once) and checks its database, then times one
    round of every case each time it is asked: the rounds of the sizes alternate, so
    that whatever else the machine does weighs on every size alike.
    """
    # The server only: BENCH_DATABASE_URL may name a database (make bench-webhooks empties that one).
    parts = urlsplit(base_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL)
    base_url = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    names = names or NAMES
    children = {}
    try:
        for orders in sizes:
            stdout.write(f"Scale: {orders:,} orders in {names[orders]}\n")
            url = f"{base_url}/{names[orders]}"
            command = [sys.executable, "-m", "bench.scale", "--orders", str(orders), "--url", url, "--page", str(page)]
            children[orders] = subprocess.Popen(command, cwd=dataset.ROOT, stdin=PIPE, stdout=PIPE, text=True)
            _answer(children[orders])  # loaded and checked
        for number in range(rounds):
            for orders in sizes if number % 2 == 0 else reversed(sizes):
                _ask(children[orders], "round")
        per_size = {str(orders): _ask(children[orders], "done") for orders in sizes}
    finally:
        for child in children.values():
            if child.poll() is None:
                child.kill()
            child.wait()
    small, large = str(min(sizes)), str(max(sizes))
    ratios = {
        case: round(per_size[large]["cases"][case]["ms"] / per_size[small]["cases"][case]["ms"], 2)
        for case in per_size[small]["cases"]
    }
    figures = {"sizes": per_size, "ratios": ratios, "from": small, "to": large, "rounds": rounds, "page_size": page}
    return {**figures, "goal": GOAL_RATIO}


def _ask(child: subprocess.Popen, line: str):
    child.stdin.write(line + "\n")
    child.stdin.flush()
    return _answer(child)


def _answer(child: subprocess.Popen):
    answer = child.stdout.readline()
    if not answer:
        raise RuntimeError(f"bench.scale child {child.args} ended with {child.wait()}")
    return json.loads(answer)


def cases(orders: int, page: int) -> dict[str, str]:
    """Each measured request's path at this size; a deep page starts at row DEPTH × orders."""
    from orders.models import Order

    deep_row = int(orders * DEPTH)  # rows before the deep page
    after = Order.objects.get(position=deep_row).pk if deep_row else 0
    return {
        "v1_first": f"/api/v1/orders?page_size={page}",
        "v1_deep": f"/api/v1/orders?page_size={page}&page={deep_row // page + 1}",
        "v2_first": f"/api/v2/orders?page_size={page}",
        "v2_deep": f"/api/v2/orders?page_size={page}&cursor=n{after}",
        "v1_most": f"/api/v1/orders?page_size={page}&{EVERY_ORDER}",
        # The deep page's rows again, filtered, so by OFFSET: what it cost before positions.
        "v1_deep_offset": f"/api/v1/orders?page_size={page}&page={deep_row // page + 1}&{EVERY_ORDER}",
        "v1_cookie": f"/api/v1/orders?page_size={page}&cookie={COOKIE}",
    }


def check(project, path: str, orders: int, page: int) -> dict:
    """One untimed request: status, rows, the total it says and the queries it ran, their SQL kept."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from orders.models import Order

    if "cookie=" in path:
        orders = Order.objects.filter(cookie_orders__cookie__slug=COOKIE).count()
    with CaptureQueriesContext(connection) as captured:
        response = project.get(path)
    body = response.json()
    rows = body if isinstance(body, list) else body["results"]
    total = response.headers.get("X-Total-Count")
    assert len(rows) == min(page, orders), f"{path}: {len(rows)} rows"
    assert total is None or int(total) == orders, f"{path}: X-Total-Count {total} for {orders} orders"
    return {
        "path": path,
        "first_id": rows[0]["id"],
        "total": total and int(total),
        "queries": len(captured),
        "sql": [query["sql"][:SQL_KEPT] for query in captured.captured_queries],
    }


def memory() -> dict:
    """The process's resident memory now and at its peak, in MB (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as status:
        fields = dict(line.split(":", 1) for line in status)
    return {name: round(int(fields[key].split()[0]) / 1024, 1) for name, key in (("rss", "VmRSS"), ("peak", "VmHWM"))}


def one_round(project, paths: dict[str, str]) -> dict[str, float]:
    """Milliseconds of one request of each case (GC collected, untimed, before each)."""
    times = {}
    for case, path in paths.items():
        gc.collect()
        start = time.perf_counter_ns()
        project.get(path)
        times[case] = (time.perf_counter_ns() - start) / 1e6
    return times


def serve(orders: int, url: str, page: int) -> None:
    """The child: load (once), check and warm up, then one round per "round" line; its figures at "done"."""
    from bench import scaleload

    scaleload.create_database(url)
    configure(url)
    load_s = scaleload.ensure(orders, stdout=sys.stderr)
    from bench.inprocess import Project, percentile

    project = Project(dataset.issue_key())
    paths = cases(orders, page)
    checked = {case: check(project, path, orders, page) for case, path in paths.items()}
    for _ in range(WARMUP_ROUNDS):
        one_round(project, paths)
    before = memory()
    print(json.dumps({"ready": orders}), flush=True)
    rounds = []
    while sys.stdin.readline().strip() == "round":
        rounds.append(one_round(project, paths))
        print(json.dumps(rounds[-1]), flush=True)
    samples = {case: [times[case] for times in rounds] for case in paths}
    figures = {
        case: {
            "ms": round(statistics.median(samples[case]), 3),
            "p90_ms": round(percentile(samples[case], 0.9), 3),
            **checked[case],
        }
        for case in paths
    }
    result = {"orders": orders, "load_s": load_s, "cases": figures, "memory": {"before": before, "after": memory()}}
    print(json.dumps(result), flush=True)


def configure(url: str) -> None:
    """bench.dataset's production-like settings, on the PostgreSQL database of `url`."""
    os.environ.update(dataset.ENVIRONMENT, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="cookieshop.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "b" * 40)
    import django

    django.setup()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, required=True)
    parser.add_argument("--url", required=True, help="the PostgreSQL database to load (once) and measure")
    parser.add_argument("--page", type=int, default=PAGE, help="the page size (default 100)")
    args = parser.parse_args(argv)
    return serve(args.orders, args.url, args.page) or 0


if __name__ == "__main__":
    raise SystemExit(main())
