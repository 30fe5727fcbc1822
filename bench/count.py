"""The cost of the count query behind X-Total-Count, at the bench's size and at 100,000 orders.

Unfiltered, the count is the last position of the orders (orders.selectors.count_of), not a COUNT(*).

`python -m bench.count --db FILE --orders N` seeds FILE up to N orders and prints the figures as JSON.
"""

import argparse
import gc
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import dataset

LIST_PATH = "/api/v1/orders?page_size=100"


def measure(key: str, *, rounds: int) -> dict:
    """Median time of the project's own count SQL, next to the median list request it is part of."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.inprocess import Project
    from orders.models import Order

    project = Project(key)
    with CaptureQueriesContext(connection) as queries:
        project.get(LIST_PATH)
    counts = [query["sql"] for query in queries.captured_queries if is_count(query["sql"])]
    assert len(counts) == 1, f"expected one count query in a list request, saw {len(counts)}"
    count_ms, request_ms = [], []
    for _ in range(rounds):
        gc.collect()  # as for the other in-process timings
        start = time.perf_counter_ns()
        with connection.cursor() as cursor:
            cursor.execute(counts[0])
            cursor.fetchone()
        count_ms.append((time.perf_counter_ns() - start) / 1e6)
        start = time.perf_counter_ns()
        project.get(LIST_PATH)
        request_ms.append((time.perf_counter_ns() - start) / 1e6)
    count, request = statistics.median(count_ms), statistics.median(request_ms)
    return {
        "orders": Order.objects.count(),
        "sql": counts[0],
        "count_ms": round(count, 3),
        "list_100_ms": round(request, 3),
        "share_of_request": round(count / request, 3),
    }


def is_count(sql: str) -> bool:
    """A COUNT(*), or the read of the orders' last position that stands for it."""
    sql = sql.upper()
    return "COUNT(" in sql or sql.startswith('SELECT "ORDERS_ORDER"."POSITION"')


def at_scale(*, orders: int, db: Path, source: Path, rounds: int) -> dict:
    """`measure` on a separate data set of `orders` orders, in a child process (a copy of `source`, topped up)."""
    if not db.exists():
        shutil.copyfile(source, db)  # seed_demo then only adds the missing orders
    command = [sys.executable, "-m", "bench.count", "--db", str(db), "--orders", str(orders), "--rounds", str(rounds)]
    completed = subprocess.run(command, cwd=dataset.ROOT, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.count", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--orders", type=int, required=True)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)
    dataset.configure(args.db.resolve())
    dataset.prepare(args.orders, stdout=sys.stderr)
    print(json.dumps(measure(dataset.issue_key(), rounds=args.rounds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
