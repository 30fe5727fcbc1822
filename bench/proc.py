"""What /proc says about a gunicorn master's workers: CPU time, resident memory now and at its peak."""

import contextlib
import os
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def status(master_pid: int) -> dict[int, dict[str, str]]:
    """The /proc/<pid>/status fields of each child of the gunicorn master."""
    found = {}
    for path in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in path.read_text().splitlines() if ":" in line)
        except OSError:
            continue  # the process has gone
        if int(fields["PPid"]) == master_pid:
            found[int(path.parent.name)] = fields
    return found


def mib(field: str) -> float:
    """A /proc/<pid>/status memory field ("  93248 kB") in MiB."""
    return round(int(field.split()[0]) / 1024, 1)


def resident_mib(master_pid: int) -> dict[str, float]:
    """{worker pid: VmRSS in MiB}: each worker's resident memory now (pids as text, as JSON keeps them)."""
    return {str(pid): mib(fields["VmRSS"]) for pid, fields in sorted(status(master_pid).items())}


def peak_mib(master_pid: int) -> float:
    """The largest VmHWM (peak resident set) among the master's workers, in MiB."""
    return max(mib(fields["VmHWM"]) for fields in status(master_pid).values())


def cpu_seconds(master_pid: int) -> float:
    """User + system CPU time used so far by the master's workers."""
    total = 0
    for pid in status(master_pid):
        with contextlib.suppress(OSError):
            # Fields after the command name, which is in parentheses and may hold spaces.
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def growth(readings: list[dict[str, float]], since: int = 0) -> dict[str, float]:
    """{worker pid: MiB}: each worker's resident memory in the last reading minus in readings[since].

    A worker that is not in both readings (it died and was replaced) has no figure: a new
    process's memory says nothing about a leak in the old one.
    """
    if since >= len(readings) - 1:
        return {}
    first, last = readings[since], readings[-1]
    return {pid: round(last[pid] - first[pid], 1) for pid in first if pid in last}
