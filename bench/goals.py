"""Checks issue 16's goals against the figures of this run: whether each holds and, where not, by how much."""

from typing import NamedTuple

from bench.tables import case_name, figures

# Project median / floor median, in process, per case (a page size, or the detail).
RATIO_GOALS = {"detail": 15.0, "10": 6.0, "100": 2.5, "500": 2.0}
HTTP_SHARE = 0.5  # through gunicorn, page of 100: the project's requests/s at least this share of the floor's
# A worker's resident memory may move by a few pages between two readings (allocator arenas,
# the OS); a leak of a kilobyte per request passes this over the second half of a full run.
RSS_GROWTH_TOLERANCE_MIB = 1.0
NOT_MEASURED = "not measured"
MEMORY_LEFT = (
    "no profile: each worker's RSS run by run is in the worker memory table; a rise that flattens is"
    " the first requests', one that goes on is a leak"
)
LEFT_STAGES = 3  # the costliest steps of the profile named beside a goal that does not hold


class Goal(NamedTuple):
    goal: str
    holds: bool | None  # None: this run did not measure it
    figures: str  # the figures that decide it and, where it does not hold, by how much
    case: str | None = None  # the profiled request that says what is left (results["profile"][case])
    left: str = ""  # what is left, for a goal no profile speaks to


def check(results: dict) -> list[Goal]:
    """Every goal of issue 16, in the issue's order; the scale goals when the scale run's figures are there."""
    rows = [ratio_goal(results, case, goal) for case, goal in RATIO_GOALS.items()]
    rows += [http_goal(results.get("http")), memory_goal(results.get("http"))]
    if results.get("scale"):
        # Imported only then: the scale run is a PostgreSQL option of its own.
        from bench.scale import goal_rows

        rows += [Goal(*row) for row in goal_rows(results["scale"])]
    return rows


def ratio_goal(results: dict, case: str, goal: float) -> Goal:
    f = figures(results, case)
    p90_ratio = f["p90_ms"] / f["floor_p90_ms"]
    shown = (
        f"{f['ms']:.2f} ms vs {f['floor_ms']:.3f} ms: {f['ratio_to_floor']:.1f}× "
        f"(p90 {f['p90_ms']:.2f} vs {f['floor_p90_ms']:.3f} ms: {p90_ratio:.1f}×)"
    )
    holds = f["ratio_to_floor"] <= goal
    if not holds:
        target = f["floor_ms"] * goal
        shown += f"; needs {f['ratio_to_floor'] / goal:.1f}× faster: ≤ {target:.2f} ms, {f['ms'] - target:.2f} ms less"
    return Goal(f"{case_name(case)}: ≤ {goal:g}× the floor (median, p90 beside)", holds, shown, case)


def http_goal(http: dict | None) -> Goal:
    goal = f"through gunicorn, page of 100: requests/s ≥ {HTTP_SHARE:g} × the floor's, same workers"
    if not http:
        return Goal(goal, None, NOT_MEASURED + " (--no-http)")
    project, floor = http["project"], http["floor"]
    target = floor["rps"] * HTTP_SHARE
    shown = (
        f"{project['rps']:,.0f} vs {floor['rps']:,.0f} req/s with {http['workers']} workers: "
        f"{project['rps'] / floor['rps']:.2f} of the floor's "
        f"(p50/p90/p99 {latencies(project)} vs {latencies(floor)} ms; worker CPU per request "
        f"{project['cpu_ms_per_request']:.2f} vs {floor['cpu_ms_per_request']:.2f} ms)"
    )
    holds = project["rps"] >= target
    if not holds:
        shown += f"; needs {target / project['rps']:.1f}× the requests/s: ≥ {target:,.0f}"
    return Goal(goal, holds, shown, str(http["page_size"]))


def latencies(server: dict) -> str:
    return "/".join(f"{server[f'p{n}_ms']:.1f}" for n in (50, 90, 99))


def memory_goal(http: dict | None) -> Goal:
    goal = (
        "memory: a worker's peak RSS reported; no growth across runs (each worker's RSS over the second"
        f" half of the runs within {RSS_GROWTH_TOLERANCE_MIB:g} MiB)"
    )
    if not http:
        return Goal(goal, None, NOT_MEASURED + " (--no-http)")
    project, floor = http["project"], http["floor"]
    peak = f"project's peak VmHWM {project['peak_worker_mib']} MiB (floor's {floor['peak_worker_mib']} MiB)"
    grown = project["rss_growth_mib"]
    if not grown:
        return Goal(goal, None, f"{peak}; growth {NOT_MEASURED} (needs 2 runs or more, each worker in each)")
    worst = max(grown.values())
    since = ", ".join(f"{mib:+.1f}" for mib in project["rss_growth_since_warm_up_mib"].values())
    shown = (
        f"{peak}; RSS from run {project['rss_growth_from_run']} to run {http['rounds']}: "
        + ", ".join(f"{mib:+.1f}" for mib in grown.values())
        + f" MiB (since the warm-up: {since} MiB; ~{project['requests_per_worker_run']:,.0f} requests a worker a run)"
    )
    holds = worst <= RSS_GROWTH_TOLERANCE_MIB
    if not holds:
        shown += f"; grew {worst - RSS_GROWTH_TOLERANCE_MIB:.1f} MiB more than the tolerance"
    return Goal(goal, holds, shown, left=MEMORY_LEFT)


def left(results: dict, case: str | None) -> str:
    """The costliest steps of the profiled request behind a goal, with their share of it."""
    profile = results.get("profile", {}).get(case) if case else None
    if not profile:
        return ""
    total = sum(profile["stages"].values())
    costliest = sorted(profile["stages"].items(), key=lambda item: -item[1])[:LEFT_STAGES]
    return ", ".join(f"{stage} {ms:.2f} ms ({ms / total:.0%})" for stage, ms in costliest)


def verdict(holds: bool | None) -> str:
    return NOT_MEASURED if holds is None else "yes" if holds else "**no**"


def table(results: dict) -> str:
    lines = [
        "Goals of issue 16, checked against this run (ratios are the project's over the floor's, in process;"
        " where a goal does not hold, the costliest steps of its request under the profiler, as in"
        " “Where the time goes” below)\n",
        "| goal | holds | figures | what the profile says is left |",
        "|---|---|---|---|",
    ]
    for row in check(results):
        missed = "" if row.holds is not False else row.left or left(results, row.case)
        lines.append(f"| {row.goal} | {verdict(row.holds)} | {row.figures} | {missed} |")
    return "\n".join(lines) + "\n"
