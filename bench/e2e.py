"""End to end: the project and the floor under gunicorn on loopback, loaded in turn by wrk.

Both run with the same worker count; rounds alternate which goes first; figures are medians
over rounds. Workers' CPU time per request is read from /proc: unlike requests per second it
hardly moves when a neighbour takes a core. Peak memory is the largest VmHWM among a server's
workers after all the load.
"""

import contextlib
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

from bench.dataset import ROOT
from cookieshop.tests.ports import free_port

APPS = {"project": "cookieshop.wsgi:application", "floor": "bench.floor_app:application"}
PATH = "/api/v1/orders?page_size={size}"
CONNECTIONS = 4  # two per worker: a worker never waits for the next request to arrive
STARTUP_SECONDS = 30
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": latency(output, "50%"),
        "p99_ms": latency(output, "99%"),
    }


def latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE).groups()
    return round(float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit], 3)


def worker_status(master_pid: int) -> dict[int, dict[str, str]]:
    """The /proc/<pid>/status fields of each child of the gunicorn master."""
    found = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue  # the process has gone
        if int(fields["PPid"]) == master_pid:
            found[int(status.parent.name)] = fields
    return found


def peak_memory_mib(master_pid: int) -> float:
    """The largest VmHWM (peak resident set) among the master's workers, in MiB."""
    return round(max(int(fields["VmHWM"].split()[0]) / 1024 for fields in worker_status(master_pid).values()), 1)


def cpu_seconds(master_pid: int) -> float:
    """User + system CPU time used so far by the master's workers."""
    total = 0
    for pid in worker_status(master_pid):
        with contextlib.suppress(OSError):
            # Fields after the command name, which is in parentheses and may hold spaces.
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def loaded(url: str, master_pid: int, *, key: str, seconds: int) -> dict:
    """One wrk run, with the workers' CPU milliseconds per request it caused."""
    before = cpu_seconds(master_pid)
    run = wrk(url, key=key, seconds=seconds)
    run["cpu_ms_per_request"] = (cpu_seconds(master_pid) - before) * 1000 / run["requests"]
    return run


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
            try:
                wait_until_serving(urls[name], key)
            except OSError as error:
                raise RuntimeError(f"{name} did not serve {urls[name]}: {error}\n{log.read_text()[-3000:]}") from error
            wrk(urls[name], key=key, seconds=1)  # warm every worker
        for number in range(rounds):
            order = list(APPS) if number % 2 == 0 else list(reversed(APPS))
            for name in order:
                runs[name].append(loaded(urls[name], masters[name], key=key, seconds=seconds))
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
        "gunicorn_config": server_config(),
    }


def server_config() -> str:
    """gunicorn reads ./gunicorn.conf.py when there is one, for both servers; --workers and --bind still win."""
    return "gunicorn.conf.py" if (ROOT / "gunicorn.conf.py").is_file() else "gunicorn's defaults"


def summarize(runs: list[dict], peak_mib: float) -> dict:
    return {
        "rps": round(statistics.median(run["rps"] for run in runs), 1),
        "p50_ms": round(statistics.median(run["p50_ms"] for run in runs), 2),
        "p99_ms": round(statistics.median(run["p99_ms"] for run in runs), 2),
        "cpu_ms_per_request": round(statistics.median(run["cpu_ms_per_request"] for run in runs), 3),
        "peak_worker_mib": peak_mib,
        "rps_runs": [run["rps"] for run in runs],
    }
