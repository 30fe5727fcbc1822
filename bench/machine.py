"""What the figures were measured on: processor, memory, system, versions, commit, load."""

import os
import platform
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench.dataset import ROOT

PACKAGES = ["Django", "djangorestframework", "djangorestframework-api-key", "gunicorn", "orjson"]


def describe() -> dict:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "system": f"{os_name()}, Linux {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        **{package: version(package) for package in PACKAGES},
        "wrk": wrk_version(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "commit": commit(),
    }


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def os_name() -> str:
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
        fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    except OSError:
        return platform.system()
    return fields.get("PRETTY_NAME", platform.system()).strip().strip('"')


def wrk_version() -> str | None:
    if shutil.which("wrk") is None:
        return None
    # wrk prints its version in its usage text, on stderr, and exits 1.
    usage = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (usage.stdout + usage.stderr).split(" [", 1)[0].removeprefix("wrk ").strip() or None


def commit() -> str:
    """The measured code: short commit, with "+changes" when the work tree differs from it."""
    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
