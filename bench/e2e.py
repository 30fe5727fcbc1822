"""End to end: the project and the floor under gunicorn on loopback, loaded in turn by wrk.

Both run with the same worker count; rounds alternate which goes first; figures are medians
over rounds; peak memory is the largest VmHWM among a server's workers after all the load.
"""

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.dataset import ROOT

APPS = {"project": "cookieshop.wsgi:application", "floor": "bench.floor_app:application"}
PATH = "/api/v1/orders?page_size={size}"
CONNECTIONS = 4  # two per worker: a worker never waits for the next request to arrive
STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw errors, the figures would not be of 200s:\n{output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": latency(output, "50%"),
        "p99_ms": latency(output, "99%"),
    }


def latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE).groups()
    return round(float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit], 3)


def peak_memory_mib(master_pid: int) -> float:
    """The largest VmHWM (peak resident set) among the master's children, in MiB."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue  # the process has gone
        if int(fields["PPid"]) == master_pid and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return round(max(peaks), 1)


def measure(*, key: str, db_path: Path, time_zone: str, size: int, workers: int, rounds: int, seconds: int) -> dict:
    """{"project": figures, "floor": figures, …}: medians over `rounds` alternating wrk runs of `seconds`."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: `make bench` installs it (apt-get install wrk)")
    environment = {**os.environ, "BENCH_DB_PATH": str(db_path), "TIME_ZONE": time_zone}
    runs = {name: [] for name in APPS}
    with tempfile.TemporaryDirectory(prefix="bench-gunicorn-") as logs, ExitStack() as servers:
        urls, masters = {}, {}
        for name, app in APPS.items():
            log = Path(logs) / f"{name}.log"
            base, masters[name] = servers.enter_context(
                gunicorn(app, workers=workers, environment=environment, log=log)
            )
            urls[name] = base + PATH.format(size=size)
            wait_until_serving(urls[name], key)
            wrk(urls[name], key=key, seconds=1)  # warm every worker
        for number in range(rounds):
            order = list(APPS) if number % 2 == 0 else list(reversed(APPS))
            for name in order:
                runs[name].append(wrk(urls[name], key=key, seconds=seconds))
        peaks = {name: peak_memory_mib(masters[name]) for name in APPS}
    figures = {name: summarize(runs[name], peaks[name]) for name in APPS}
    return {
        **figures,
        "rps_ratio_floor_to_project": round(figures["floor"]["rps"] / figures["project"]["rps"], 2),
        "page_size": size,
        "workers": workers,
        "connections": CONNECTIONS,
        "rounds": rounds,
        "seconds_per_run": seconds,
        "load_generator": f"wrk -t1 -c{CONNECTIONS}",
    }


def summarize(runs: list[dict], peak_mib: float) -> dict:
    return {
        "rps": round(statistics.median(run["rps"] for run in runs), 1),
        "p50_ms": round(statistics.median(run["p50_ms"] for run in runs), 2),
        "p99_ms": round(statistics.median(run["p99_ms"] for run in runs), 2),
        "peak_worker_mib": peak_mib,
        "rps_runs": [run["rps"] for run in runs],
    }
