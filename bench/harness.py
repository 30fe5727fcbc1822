"""One bench run on the configured, seeded database: measure every contender, then write the report."""

import functools
import json
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from bench import count, dataset, diagnosis, e2e, floor, framework, inprocess, report
from cookies.models import Cookie
from orders.models import CookieOrder, Order

BIG_ORDERS = 100_000
PROFILE_REPEAT = 20


@dataclass(frozen=True)
class Options:
    out_dir: Path = dataset.BENCH_DIR
    sizes: tuple[int, ...] = (10, 100, 500)
    rounds: int = 30
    batch: int = inprocess.BATCH  # calls per timed sample
    http: bool = True
    http_size: int = 100
    http_rounds: int = 5
    http_seconds: int = 4
    workers: int = 2
    count_check: bool = False  # the count at BIG_ORDERS orders: seeds a second file on first use
    scale: bool = False  # 10k, 100k and 1M orders on PostgreSQL (bench.scale): loads them on first use


def run(options: Options, *, key: str, started: float | None = None) -> dict:
    """Measure, write RESULTS.md, results.json and chart.png into options.out_dir; return the figures."""
    started = started or time.monotonic()
    orders = Order.objects.count()
    ids = list(Order.objects.order_by("id").values_list("id", flat=True))
    detail_id = ids[len(ids) // 2]
    the_floor = floor.for_django(connection, time_zone=settings.TIME_ZONE)
    results = {
        **inprocess.measure(
            the_floor, key=key, sizes=options.sizes, detail_id=detail_id, rounds=options.rounds, batch=options.batch
        ),
        "rounds": options.rounds,
        "batch": options.batch,
        "data": {"orders": orders, "lines": CookieOrder.objects.count(), "cookies": Cookie.objects.count()},
    }
    results["data"]["detail_id"] = detail_id
    results["per_order"] = per_order(results["list"], orders)
    results["profile"] = profiles(the_floor, key=key, sizes=options.sizes, detail_id=detail_id, rounds=options.rounds)
    results["framework"] = framework.measure(key, rounds=options.rounds, batch=options.batch)
    results["count"] = {str(orders): count.measure(key, rounds=options.rounds)}
    results["count"][str(BIG_ORDERS)] = big_count(options) if options.count_check else None
    results["http"] = http(options, key=key) if options.http else None
    # A run without --scale keeps the last scale figures, which say when they were measured.
    results["scale"] = scale_run(options) if options.scale else earlier_scale(options.out_dir)
    results["settings"] = bench_settings()
    results["machine"] = diagnosis.machine()
    if options.scale:
        results["scale"]["measured"] = {key: results["machine"][key] for key in ("date", "commit")}
    results["elapsed_s"] = round(time.monotonic() - started, 1)
    print(report.write(results, options.out_dir))
    return results


def profiles(the_floor, *, key: str, sizes, detail_id: int, rounds: int) -> dict:
    """{case: cProfile of its request}, for each page size and the detail: where each one's time goes."""
    project = inprocess.Server(key)
    return {
        case.label: diagnosis.profile(functools.partial(project.get, case.path), repeat=min(PROFILE_REPEAT, rounds))
        for case in inprocess.cases(the_floor, sizes=sizes, detail_id=detail_id)
    }


def per_order(listed: dict, orders: int) -> dict:
    """Average ms per order at 100 and 500, and the slope between them: the cost of each extra order."""
    if not {"100", "500"} <= listed.keys():
        return {}
    shown = {size: min(int(size), orders) for size in ("100", "500")}
    figures = {}
    for name, key in (("project", "ms"), ("floor", "floor_ms")):
        at = {size: listed[size][key] for size in shown}
        extra = shown["500"] - shown["100"]
        figures[name] = {
            "at_100": round(at["100"] / shown["100"], 5),
            "at_500": round(at["500"] / shown["500"], 5),
            "marginal": round((at["500"] - at["100"]) / extra, 5) if extra else None,
        }
    return figures


def big_count(options: Options) -> dict:
    db = Path(connection.settings_dict["NAME"])
    big = dataset.BIG_DB if db == dataset.DEFAULT_DB else db.with_name(db.stem + "-100k.sqlite3")
    return count.at_scale(orders=BIG_ORDERS, db=big, source=db, rounds=options.rounds)


def http(options: Options, *, key: str) -> dict:
    return e2e.measure(
        key=key,
        db_path=Path(connection.settings_dict["NAME"]),
        time_zone=settings.TIME_ZONE,
        size=options.http_size,
        workers=options.workers,
        rounds=options.http_rounds,
        seconds=options.http_seconds,
    )


def scale_run(options: Options) -> dict:
    """The PostgreSQL scale run's figures; imported only then, as it needs PostgreSQL and its data sets."""
    from bench.scale import measure

    return measure(rounds=options.rounds)


def earlier_scale(out_dir: Path) -> dict | None:
    """The scale figures of the results.json this run replaces, if it had any (None else)."""
    earlier = out_dir / "results.json"
    if not earlier.exists():
        return None
    scale = json.loads(earlier.read_text(encoding="utf-8")).get("scale")
    return scale if scale and "measured" in scale else None


def bench_settings() -> dict:
    """The settings that shape the figures, as the run saw them."""
    return {
        "DEBUG": settings.DEBUG,
        "DATABASE": connection.vendor,
        "CONN_MAX_AGE": connection.settings_dict["CONN_MAX_AGE"],
        "CACHE": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "TIME_ZONE": settings.TIME_ZONE,
        "API_RATE_PER_KEY": settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_key"],
    }
