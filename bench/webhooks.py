"""`python -m bench.webhooks`: 1,000 webhook deliveries to a loopback receiver; checkout with webhooks on vs off.

Needs PostgreSQL (BENCH_DATABASE_URL: a database of its own, emptied first) and Redis
(BENCH_BROKER_URL, a queue of the run's own). The worker runs with the default settings
(`celery -A cookieshop worker --beat`: one process per core, prefetch 1, acks late).
Writes its section of bench/RESULTS.md.
"""

import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Required, never defaulted: the bench empties that database.
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or sys.exit(
    "Set BENCH_DATABASE_URL to a PostgreSQL database to empty."
)
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/5")
QUEUE = f"bench-{uuid.uuid4().hex[:8]}"
EVENTS = 1000
CHECKOUT_ROUNDS, CHECKOUTS_PER_ROUND = 10, 20
START, END = "<!-- webhooks bench -->", "<!-- /webhooks bench -->"

os.environ.update(
    DATABASE_URL=DATABASE_URL,
    CELERY_BROKER_URL=BROKER_URL,
    CELERY_TASK_DEFAULT_QUEUE=QUEUE,
    WEBHOOK_ALLOW_PRIVATE_TARGETS="True",
    DEBUG="True",  # static files from the apps, as make run (no collectstatic)
    SECRET_KEY="bench-only-" + uuid.uuid4().hex,
    ALLOWED_HOSTS="testserver,127.0.0.1",
    LOG_LEVEL="WARNING",
    DJANGO_SETTINGS_MODULE="cookieshop.settings",
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
import redis  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from cookies.models import Cookie  # noqa: E402
from orders import events  # noqa: E402
from orders.models import Order  # noqa: E402
from webhooks.dispatch import on_event  # noqa: E402
from webhooks.services import create_endpoint  # noqa: E402
from webhooks.tests.receiver import Receiver  # noqa: E402

WORKER_ENV = {"LOG_LEVEL": "INFO", "DEBUG": "False", "CONN_MAX_AGE": "60"}
ADDRESS = {"name": "Jane", "street": "1 Main St", "city": "Anytown", "state": "", "zip": "12345", "country": "US"}


def start_worker(log: Path) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv/bin/celery"),
        "-A",
        "cookieshop",
        "worker",
        "--beat",
        "-Q",
        QUEUE,
        "--loglevel",
        "INFO",
    ]
    command += ["--schedule", str(log.with_suffix(".beat"))]
    # The worker logs through Django's LOGGING (it does not hijack the root logger): INFO shows "ready.".
    # It runs as README's production does: DEBUG off, persistent database connections.
    with log.open("wb") as out:
        worker = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **WORKER_ENV}, stdout=out, stderr=out, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while " ready." not in log.read_text(errors="replace"):
        if worker.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"The worker did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)
    return worker


def checkout_ms(client: Client, cookie: Cookie) -> float:
    client.post("/cart/add/", {"cookie": cookie.pk, "quantity": 2})
    token = client.get("/checkout/").context["token"]
    started = time.perf_counter()
    response = client.post("/checkout/", {**ADDRESS, "token": token})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 302, response.status_code
    return elapsed


def checkout_latency(cookie: Cookie) -> dict[str, list[float]]:
    """Alternating rounds: webhooks on (the doorbell rings Redis after commit) and off (no listener).

    Measured before the worker starts: on this 2-core machine a worker delivering beside the
    server would slow its requests by sharing the CPU, which a separate worker host does not.
    """
    samples = {"on": [], "off": []}
    client = Client()
    for round_number in range(CHECKOUT_ROUNDS):
        for mode in ("on", "off") if round_number % 2 == 0 else ("off", "on"):
            events._listeners[:] = [on_event] if mode == "on" else []
            samples[mode] += [checkout_ms(client, cookie) for _ in range(CHECKOUTS_PER_ROUND)]
    events._listeners[:] = [on_event]
    return samples


def deliver_1000(receiver: Receiver, url: str) -> float:
    """Seconds from the commit of 1,000 events to the receiver's 1,000th verified delivery."""
    order = Order.objects.first()
    before = len(receiver.at(url))
    with transaction.atomic():
        for _ in range(EVENTS):
            events.record_event(order=order, type="order.updated")
        started = time.perf_counter()
    received = receiver.wait_for(url, before + EVENTS, timeout=600)
    elapsed = time.perf_counter() - started
    assert len(received) >= before + EVENTS, f"only {len(received) - before} arrived"
    assert all(r.verified_by for r in received), "a delivery did not verify"
    return elapsed


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


def report(seconds: float, samples: dict[str, list[float]]) -> str:
    on, off = samples["on"], samples["off"]
    rate = f"{seconds:.1f} s ({EVENTS / seconds:.0f}/s)"
    on_ms = f"{statistics.median(on):.1f} ms / {percentile(on, 95):.1f} ms"
    off_ms = f"{statistics.median(off):.1f} ms / {percentile(off, 95):.1f} ms"
    return "\n".join(
        [
            START,
            "## Webhooks (`python -m bench.webhooks`)",
            "",
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on PostgreSQL and Redis, a worker",
            f"with default settings ({os.cpu_count()} processes), receiver on 127.0.0.1 verifying every signature.",
            "",
            "| figure | value |",
            "|---|---|",
            f"| {EVENTS:,} events committed → {EVENTS:,} verified deliveries | {rate} |",
            f"| checkout POST, webhooks on: median / p95 | {on_ms} |",
            f"| checkout POST, webhooks off: median / p95 | {off_ms} |",
            "",
            f"Checkout: {len(on)} requests each way through Django's test client, alternating rounds, before",
            "the worker starts (on 2 shared cores a worker beside the server takes CPU from it); *on* enqueues",
            "to Redis after commit, *off* writes the event without enqueueing. Delivery never happens in the",
            "request: *on* adds only the enqueue. The worker runs with DEBUG off and CONN_MAX_AGE=60.",
            END,
            "",
        ]
    )


def write(section: str) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text()
    if START in text:
        text = text.split(START)[0] + text.split(END, 1)[1].lstrip("\n")
    path.write_text(text.rstrip("\n") + "\n\n" + section)


def main() -> None:
    setup_test_environment()  # the test client's response.context (the checkout form's token)
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    cookie = Cookie.objects.create(name="Bench", slug="bench", price="2.50")
    receiver = Receiver()
    url = receiver.path()
    endpoint = create_endpoint(url=url)
    receiver.verify_with(url, [endpoint.secret])
    samples = checkout_latency(cookie)
    worker = start_worker(ROOT / ".celery" / f"{QUEUE}.log")
    try:
        receiver.wait_for(url, len(samples["on"]), timeout=300)  # what the checkouts queued
        seconds = deliver_1000(receiver, url)
    finally:
        os.killpg(worker.pid, 15)
        worker.wait()
        receiver.stop()
        broker = redis.Redis.from_url(BROKER_URL)
        broker.delete(QUEUE, f"_kombu.binding.{QUEUE}", f"_kombu.binding_permanent.{QUEUE}")
    section = report(seconds, samples)
    write(section)
    print(section)


if __name__ == "__main__":
    main()
