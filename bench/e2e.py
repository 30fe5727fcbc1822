"""End to end: the project and the floor under gunicorn on loopback, loaded in turn by wrk.

Both run with the same worker count; rounds alternate which goes first; figures are medians
over rounds. Workers' CPU time per request is read from /proc: unlike requests per second it
hardly moves when a neighbour takes a core. Peak memory is the largest VmHWM among a server's
workers after all the load; each worker's VmRSS after the warm-up and after every round shows
whether memory grows from run to run.
"""

import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench import proc
from bench.dataset import ROOT
from cookieshop.tests.ports import free_port

APPS = {"project": "cookieshop.wsgi:application", "floor": "bench.floor_app:application"}
PATH = "/api/v1/orders?page_size={size}"
CONNECTIONS = 4  # two per worker: a worker never waits for the next request to arrive
STARTUP_SECONDS = 30


@contextmanager
def gunicorn(app: str, *, workers: int, environment: dict, log: Path):
    """A gunicorn serving `app` on a free loopback port; yields (base URL, master pid)."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", app, "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
    with log.open("wb") as log_file:
        server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log_file, stderr=subprocess.STDOUT)
        try:
            yield f"http://127.0.0.1:{port}", server.pid
        finally:
            server.terminate()
            server.wait(timeout=30)


def wait_until_serving(url: str, key: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"X-API-Key": key}), timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def wrk(url: str, *, key: str, seconds: int) -> dict:
    """Requests per second and latency percentiles of one wrk run; every answer must be a 200."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-H", f"X-API-Key: {key}", url]
    return parse_wrk(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def parse_wrk(output: str) -> dict:
    """The figures of wrk --latency's report; refused when any answer was not a 200."""
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw errors, the figures would not be of 200s:\n{output}")
    return {
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": latency(output, "50%"),
        "p90_ms": latency(output, "90%"),
        "p99_ms": latency(output, "99%"),
    }


def latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE).groups()
    return round(float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit], 3)


def loaded(url: str, master_pid: int, *, key: str, seconds: int) -> dict:
    """One wrk run, with the workers' CPU milliseconds per request it caused."""
    before = proc.cpu_seconds(master_pid)
    run = wrk(url, key=key, seconds=seconds)
    run["cpu_ms_per_request"] = (proc.cpu_seconds(master_pid) - before) * 1000 / run["requests"]
    run["rss_mib"] = proc.resident_mib(master_pid)  # after the run: what it left behind
    return run


def measure(*, key: str, db_path: Path, time_zone: str, size: int, workers: int, rounds: int, seconds: int) -> dict:
    """{"project": figures, "floor": figures, …}: medians over `rounds` alternating wrk runs of `seconds`."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: `make bench` installs it (apt-get install wrk)")
    environment = {**os.environ, "BENCH_DB_PATH": str(db_path), "TIME_ZONE": time_zone}
    runs = {name: [] for name in APPS}
    warm = {}  # each worker's resident memory after the warm-up, before the first measured run
    with tempfile.TemporaryDirectory(prefix="bench-gunicorn-") as logs, ExitStack() as servers:
        urls, masters = {}, {}
        for name, app in APPS.items():
            log = Path(logs) / f"{name}.log"
            base, masters[name] = servers.enter_context(
                gunicorn(app, workers=workers, environment=environment, log=log)
            )
            urls[name] = base + PATH.format(size=size)
            try:
                wait_until_serving(urls[name], key)
            except OSError as error:
                raise RuntimeError(f"{name} did not serve {urls[name]}: {error}\n{log.read_text()[-3000:]}") from error
            wrk(urls[name], key=key, seconds=1)  # warm every worker
            warm[name] = proc.resident_mib(masters[name])
        for number in range(rounds):
            order = list(APPS) if number % 2 == 0 else list(reversed(APPS))
            for name in order:
                runs[name].append(loaded(urls[name], masters[name], key=key, seconds=seconds))
        peaks = {name: proc.peak_mib(masters[name]) for name in APPS}
    figures = {name: summarize(runs[name], peak_mib=peaks[name], warm=warm[name]) for name in APPS}
    return {
        **figures,
        "rps_ratio_floor_to_project": round(figures["floor"]["rps"] / figures["project"]["rps"], 2),
        "page_size": size,
        "workers": workers,
        "connections": CONNECTIONS,
        "rounds": rounds,
        "seconds_per_run": seconds,
        "load_generator": f"wrk -t1 -c{CONNECTIONS}",
        "gunicorn_config": server_config(),
    }


def server_config() -> str:
    """gunicorn reads ./gunicorn.conf.py when there is one, for both servers; --workers and --bind still win."""
    return "gunicorn.conf.py" if (ROOT / "gunicorn.conf.py").is_file() else "gunicorn's defaults"


def summarize(runs: list[dict], *, peak_mib: float, warm: dict[str, float]) -> dict:
    """Medians over runs; each worker's resident memory after the warm-up and after every run, and its growth."""
    rss = [warm, *(run["rss_mib"] for run in runs)]
    # A worker's first requests raise its memory to a plateau (12 runs of 5 s: 91 MiB after the
    # warm-up, 100.4 after the first ~500 requests, then +0.2 and +0.7 MiB over ~5,800 more),
    # likely garbage that waits in the oldest GC generation for a full collection, in arenas the
    # allocator keeps. A leak goes on growing: so growth is judged over the second half of the
    # runs, from run ⌈n/2⌉ to run n.
    grown = proc.growth(rss, since=math.ceil(len(runs) / 2))
    return {
        "rps": round(statistics.median(run["rps"] for run in runs), 1),
        # How far a worker's memory has come: what a run's readings mean depends on it.
        "requests_per_worker_run": round(statistics.mean(run["requests"] for run in runs) / len(warm)),
        **{f"p{n}_ms": round(statistics.median(run[f"p{n}_ms"] for run in runs), 2) for n in (50, 90, 99)},
        "cpu_ms_per_request": round(statistics.median(run["cpu_ms_per_request"] for run in runs), 3),
        "peak_worker_mib": peak_mib,
        "rss_mib_by_run": rss,
        "rss_growth_since_warm_up_mib": proc.growth(rss),
        "rss_growth_mib": grown,
        "rss_growth_from_run": math.ceil(len(runs) / 2),
        "rps_runs": [run["rps"] for run in runs],
    }
