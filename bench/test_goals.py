"""Issue 16's goals and the end-to-end figures, checked on figures written by hand: no database, no timing."""

import json
import sys
import types

import pytest

import bench
from bench import diagnosis, e2e, goals, proc, tables

WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:4321/api/v1/orders?page_size=100
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    16.06ms   12.47ms  98.05ms   84.60%
    Req/Sec   250.00     30.41   300.00     70.00%
  Latency Distribution
     50%  950.00us
     75%   20.10ms
     90%   26.70ms
     99%    1.20s
  500 requests in 2.00s, 19.30MB read
Requests/sec:    249.50
Transfer/sec:      9.64MB
"""


def case(ms: float, floor_ms: float) -> dict:
    return {
        "ms": ms,
        "p90_ms": ms * 1.1,
        "floor_ms": floor_ms,
        "floor_p90_ms": floor_ms,
        "ratio_to_floor": ms / floor_ms,
    }


def server(rps: float, rss_by_run: list[dict[str, float]]) -> dict:
    """A server's end-to-end figures as e2e.summarize makes them, from runs written by hand."""
    runs = [
        {
            "rps": rps,
            "requests": rps * 4,
            "p50_ms": 5.0,
            "p90_ms": 9.0,
            "p99_ms": 20.0,
            "cpu_ms_per_request": 2.0,
            "rss_mib": rss,
        }
        for rss in rss_by_run[1:]
    ]
    return e2e.summarize(runs, peak_mib=max(max(rss.values()) for rss in rss_by_run), warm=rss_by_run[0])


@pytest.fixture
def results() -> dict:
    """Detail at 20× (goal 15×), page of 10 at 5× (goal 6×), 100 at 3× (2.5×), 500 at 1.5× (2×)."""
    return {
        "detail": case(2.0, 0.1),
        "list": {"10": case(1.0, 0.2), "100": case(3.0, 1.0), "500": case(6.0, 4.0)},
        "http": {
            # The project's workers rise to a plateau, then stay within the tolerance; the floor's do not move.
            "project": server(450, [{"1": 80.0}, {"1": 90.0}, {"1": 95.0}, {"1": 95.5}, {"1": 95.6}]),
            "floor": server(800, [{"7": 20.0}] * 5),
            "page_size": 100,
            "workers": 2,
            "rounds": 4,
            "seconds_per_run": 4,
            "load_generator": "wrk -t1 -c4",
            "gunicorn_config": "gunicorn.conf.py",
        },
        "profile": {"detail": {"repeat": 3, "stages": {"permissions": 0.2, "get_object": 3.0, "rendering": 0.8}}},
    }


def test_every_goal_of_the_issue_is_checked_and_says_by_how_much_it_misses(results):
    rows = {row.goal.split(":")[0]: (row.holds, row.figures) for row in goals.check(results)}

    assert list(rows) == [
        "detail",
        "page of 10",
        "page of 100",
        "page of 500",
        "through gunicorn, page of 100",
        "memory",
    ]
    assert [holds for holds, _ in rows.values()] == [False, True, False, True, True, True]
    assert rows["detail"][1].startswith("2.00 ms vs 0.100 ms: 20.0× (p90 2.20 vs 0.100 ms: 22.0×); ")
    assert "needs 1.3× faster: ≤ 1.50 ms, 0.50 ms less" in rows["detail"][1]
    assert "needs" in rows["page of 100"][1]
    assert "needs" not in rows["page of 10"][1]
    assert (
        "450 vs 800 req/s with 2 workers: 0.56 of the floor's (p50/p90/p99 5.0/9.0/20.0"
        in rows["through gunicorn, page of 100"][1]
    )
    assert "peak VmHWM 95.6 MiB" in rows["memory"][1]
    assert (
        "from run 2 to run 4: +0.6 MiB (since the warm-up: +15.6 MiB; ~1,800 requests a worker a run)"
        in rows["memory"][1]
    )


def test_a_goal_missed_names_the_costliest_steps_of_its_profile(results):
    table = goals.table(results)

    detail = next(line for line in table.splitlines() if line.startswith("| detail"))
    assert detail.endswith("| get_object 3.00 ms (75%), rendering 0.80 ms (20%), permissions 0.20 ms (5%) |")
    page_100 = next(line for line in table.splitlines() if line.startswith("| page of 100"))
    assert page_100.endswith("| **no** | " + goals.ratio_goal(results, "100", 2.5).figures + " |  |")  # not profiled


def test_the_gunicorn_goals_say_how_far_they_are_and_not_measured_without_http(results):
    results["http"]["project"] = server(300, [{"1": 80.0}, {"1": 90.0}, {"1": 92.0}, {"1": 94.0}, {"1": 96.0}])
    results["http"]["floor"]["rps"] = 1000.0

    http, memory = goals.http_goal(results["http"]), goals.memory_goal(results["http"])
    assert (http.holds, memory.holds) == (False, False)
    assert http.figures.endswith("needs 1.7× the requests/s: ≥ 500")
    assert memory.figures.endswith(
        "+4.0 MiB (since the warm-up: +16.0 MiB; ~1,200 requests a worker a run); grew 3.0 MiB more than the tolerance"
    )
    assert f"grew 3.0 MiB more than the tolerance | {goals.MEMORY_LEFT} |" in goals.table(results)
    assert goals.http_goal(None).holds is None
    assert goals.memory_goal(None).holds is None
    assert "| not measured | not measured (--no-http) |" in goals.table({**results, "http": None})


def test_the_scale_goals_come_from_bench_scale_only_when_the_scale_run_has_figures(results, monkeypatch):
    fake = types.ModuleType("bench.scale")
    fake.goal_rows = lambda figures: [(f"scale: v1 page of 100 at {figures['orders']:,}", False, "needs 1.2× faster")]
    monkeypatch.setitem(sys.modules, "bench.scale", fake)
    monkeypatch.setattr(bench, "scale", fake, raising=False)  # in place of the real one, if imported before

    assert len(goals.check({**results, "scale": None})) == 6
    scale = goals.check({**results, "scale": {"orders": 1_000_000}})[-1]
    assert scale == goals.Goal("scale: v1 page of 100 at 1,000,000", False, "needs 1.2× faster")
    assert "| scale: v1 page of 100 at 1,000,000 | **no** | needs 1.2× faster |  |" in goals.table(
        {**results, "scale": {"orders": 1_000_000}}
    )


def test_wrk_report_gives_p50_p90_p99_in_ms():
    figures = e2e.parse_wrk(WRK_OUTPUT)

    assert figures == {"requests": 500, "rps": 249.5, "p50_ms": 0.95, "p90_ms": 26.7, "p99_ms": 1200.0}
    with pytest.raises(RuntimeError):
        e2e.parse_wrk(WRK_OUTPUT + "  Non-2xx or 3xx responses: 3\n")


def test_memory_growth_is_per_worker_and_leaves_out_a_replaced_one():
    readings = [{"1": 80.0, "2": 81.0}, {"1": 90.0, "2": 85.0}, {"1": 90.5, "3": 30.0}]

    assert proc.growth(readings) == {"1": 10.5}
    assert proc.growth(readings, since=1) == {"1": 0.5}
    assert proc.growth(readings, since=2) == {}


def test_memory_and_http_tables_show_every_worker_and_p90(results):
    memory, http = tables.memory_table(results), tables.http_table(results)

    assert "| project | 1 | 80.0 | 90.0, 95.0, 95.5, 95.6 | +15.6 | +0.6 |" in memory
    assert "| floor | 7 | 20.0 | 20.0, 20.0, 20.0, 20.0 | +0.0 | +0.0 |" in memory
    assert "p50 ms | p90 ms | p99 ms" in http
    assert "| project | 450 | 5.0 | 9.0 | 20.0 |" in http


def test_a_step_called_inside_another_is_counted_once():
    view, get_object = ("rest_framework/mixins.py", 1, "retrieve"), ("rest_framework/generics.py", 2, "get_object")
    filters = ("rest_framework/generics.py", 3, "filter_queryset")
    stats = {  # pstats' shape: (calls, primitive calls, own s, cumulative s, {caller: the same, from that caller})
        get_object: (1, 1, 0.001, 0.004, {view: (1, 1, 0.001, 0.004)}),
        filters: (2, 2, 0.002, 0.003, {get_object: (1, 1, 0.001, 0.001), view: (1, 1, 0.001, 0.002)}),
    }

    stages = diagnosis.stage_times(stats, repeat=2)

    assert stages == {"filters": 1.0, "get_object: the order and its lines": 2.0}


def test_a_run_without_scale_keeps_the_last_scale_figures_saying_when(tmp_path):
    from bench.harness import earlier_scale

    assert earlier_scale(tmp_path) is None  # no earlier run
    scale = {"from": "10000", "to": "1000000", "ratios": {}, "sizes": {}}
    (tmp_path / "results.json").write_text(json.dumps({"scale": scale}), encoding="utf-8")
    assert earlier_scale(tmp_path) is None  # figures that do not say when they were measured are not kept
    measured = {**scale, "measured": {"date": "2026-12-02 21:10 UTC", "commit": "abc1234"}}
    (tmp_path / "results.json").write_text(json.dumps({"scale": measured}), encoding="utf-8")
    assert earlier_scale(tmp_path) == measured
