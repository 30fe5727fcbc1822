"""`python -m bench` (`make bench`): seed the bench data set when needed, then run the whole bench."""

import argparse
import sys
import time
from pathlib import Path

from bench import dataset

DEFAULT_ORDERS = 10_000


def parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=DEFAULT_ORDERS, help="orders in the data set (default 10000)")
    parser.add_argument("--db", type=Path, default=dataset.DEFAULT_DB, help="the bench's own SQLite file")
    parser.add_argument("--rounds", type=int, default=30, help="interleaved in-process rounds (default 30)")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn + wrk part")
    parser.add_argument("--http-seconds", type=int, default=4, help="length of one wrk run (default 4)")
    parser.add_argument("--http-rounds", type=int, default=5, help="wrk runs per server, alternating (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for every server (default 2)")
    parser.add_argument(
        "--count-check", action="store_true", help="also time the count at 100,000 orders (seeds a second file once)"
    )
    parser.add_argument(
        "--scale",
        action="store_true",
        help="also measure 10k, 100k and 1M orders on PostgreSQL (BENCH_DATABASE_URL; loads each database once)",
    )
    parser.add_argument("--out", type=Path, default=dataset.BENCH_DIR, help="where RESULTS.md and the rest go")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    started = time.monotonic()
    args = parse(argv)
    dataset.configure(args.db.resolve())
    dataset.prepare(args.orders, stdout=sys.stdout)
    # Imported once Django is set up: the harness reads models and settings.
    from bench.harness import Options, run

    options = Options(
        out_dir=args.out,
        rounds=args.rounds,
        http=not args.no_http,
        http_rounds=args.http_rounds,
        http_seconds=args.http_seconds,
        workers=args.workers,
        count_check=args.count_check,
        scale=args.scale,
    )
    run(options, key=dataset.issue_key(), started=started)
    print(f"Wrote {args.out / 'RESULTS.md'}, results.json and chart.png in {time.monotonic() - started:.0f} s.")
    return 0
