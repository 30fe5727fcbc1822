"""Load test: concurrent API clients against `make serve` on loopback; reports p50/p99, fails on any 5xx.

    .venv/bin/python -m bench.load                      # what `make load` runs
    .venv/bin/python -m bench.load --clients 50 --seconds 30
    .venv/bin/python -m bench.load --url http://127.0.0.1:8000 --key KEY --host shop.example.com

Without --url it prepares the database named by DATABASE_URL (migrations, demo data,
a new API key), starts `make serve` on a free loopback port with the environment's
settings (README "Production"), loads it and stops it. The per-key and per-IP rate
limits are raised for the run unless set: it measures serving, not the limiter (which
still counts every request in the cache). Clients send requests as the TLS proxy in
front would (Host, X-Forwarded-Proto: https). Exit status 1 on any 5xx or failed request.
"""

import argparse
import asyncio
import math
import os
import random
import secrets
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import httpx

from cookieshop.tests.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEMO_ORDERS = 500
PAGE_SIZE = 20


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--seconds", type=float, default=30, help="how long they send requests (default 30)")
    parser.add_argument("--url", help="load this running server instead of starting `make serve`")
    parser.add_argument("--key", help="the API key for --url")
    parser.add_argument("--host", help="Host header to send (default: the first of ALLOWED_HOSTS)")
    parser.add_argument("--serve", default="make serve", help="the command that serves (default: make serve)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the request mix (default 1)")
    return parser.parse_args(argv)


def serve_env() -> dict[str, str]:
    """The environment's settings, with what a loopback run needs filled in where unset."""
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    env.setdefault("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO,https")
    env.setdefault("CONN_MAX_AGE", "60")  # as README "Production" runs it
    env.setdefault("API_RATE_PER_KEY", "10000000/min")
    env.setdefault("API_RATE_PER_IP", "10000000/min")
    return {**env, "DEBUG": "False", "PORT": str(free_port()), "BIND_ADDRESS": "127.0.0.1"}


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def prepare(env: dict[str, str]) -> str:
    """Migrates, loads demo data (idempotent) and returns a new API key."""
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--orders", str(DEMO_ORDERS))
    return manage(env, "create_api_key", "bench/load.py").splitlines()[1]


@contextmanager
def serving(command: str, env: dict[str, str], headers: dict[str, str]):
    """Starts `command` in its own process group, waits until it answers, stops it afterwards."""
    url = f"http://127.0.0.1:{env['PORT']}"
    log = tempfile.TemporaryFile()  # noqa: SIM115 — closed in the finally below
    process = subprocess.Popen(
        shlex.split(command), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                sys.exit(f"{command} did not start:\n{log.read().decode(errors='replace')[-4000:]}")
            try:
                httpx.get(f"{url}/api/v1/nope", headers=headers, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        log.close()


def request_mix(rng: random.Random, order_ids: list[int]) -> str:
    """One request of the mix a partner program makes: pages, single orders, the catalogue, filters."""
    pick = rng.random()
    if pick < 0.4:
        return f"/api/v1/orders?page={rng.randint(1, DEMO_ORDERS // PAGE_SIZE)}&page_size={PAGE_SIZE}"
    if pick < 0.7:
        return f"/api/v1/orders/{rng.choice(order_ids)}"
    if pick < 0.9:
        return "/api/v1/cookies"
    return f"/api/v1/orders?date_after=2024-01-0{rng.randint(1, 9)}&ordering=-date&page_size={PAGE_SIZE}"


async def client(http: httpx.AsyncClient, rng: random.Random, order_ids, deadline: float, results: list):
    """Sends one request after the other until the deadline, recording (status, seconds)."""
    while time.monotonic() < deadline:
        path = request_mix(rng, order_ids)
        started = time.perf_counter()
        try:
            status = (await http.get(path)).status_code
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        results.append((status, time.perf_counter() - started))


async def load(url: str, headers: dict[str, str], clients: int, seconds: float, seed: int) -> list:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=30) as http:
        ids = [order["id"] for order in (await http.get("/api/v1/orders?page_size=500")).json()]
        results, deadline = [], time.monotonic() + seconds
        rngs = [random.Random(seed * 1000 + n) for n in range(clients)]
        await asyncio.gather(*(client(http, rng, ids, deadline, results) for rng in rngs))
    return results


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def report(results: list, clients: int, seconds: float) -> bool:
    """Prints the figures README "Reliability" quotes; True when no request failed or got a 5xx."""
    statuses = Counter(status for status, _ in results)
    latencies = sorted(elapsed * 1000 for _, elapsed in results)
    failed = sum(n for status, n in statuses.items() if not isinstance(status, int) or status >= 500)
    print(f"{clients} clients for {seconds:g} s: {len(results)} requests, {len(results) / seconds:.0f}/s")
    print("statuses: " + ", ".join(f"{status} × {n}" for status, n in sorted(statuses.items(), key=str)))
    print(
        "latency ms: "
        + ", ".join(f"p{p} {percentile(latencies, p):.0f}" for p in (50, 90, 99))
        + f", max {latencies[-1]:.0f}"
    )
    print(f"5xx or failed: {failed}")
    return failed == 0 and bool(results)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.url:
        host = args.host or httpx.URL(args.url).host
        headers = {"Host": host, "X-Forwarded-Proto": "https", "X-API-Key": args.key or ""}
        results = asyncio.run(load(args.url, headers, args.clients, args.seconds, args.seed))
        return 0 if report(results, args.clients, args.seconds) else 1
    env = serve_env()
    key = prepare(env)
    host = args.host or env["ALLOWED_HOSTS"].split(",")[0]
    headers = {"Host": host, "X-Forwarded-Proto": "https", "X-API-Key": key}
    with serving(args.serve, env, headers) as url:
        results = asyncio.run(load(url, headers, args.clients, args.seconds, args.seed))
    return 0 if report(results, args.clients, args.seconds) else 1


if __name__ == "__main__":
    sys.exit(main())
