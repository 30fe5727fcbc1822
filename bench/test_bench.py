"""The bench runs on a tiny data set and its floor answers the project's bytes; nothing here is timed."""

import io
import json
import sys
import types
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

import bench
from bench import dataset, diagnosis, floor, goals, report
from bench.harness import Options, run
from bench.inprocess import Project
from cookies.tests.factories import make_cookie
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

FIGURES = {"ms", "p90_ms", "floor_ms", "ratio_to_floor", "queries"}


@pytest.fixture
def tiny():
    """30 demo orders, as `make bench` seeds 10,000."""
    call_command("seed_demo", orders=30, stdout=io.StringIO())


def test_bench_writes_results_json_md_and_chart_with_every_figure(tiny, tmp_path):
    load = f"{report.LOAD_HEADING}\n| 50 clients, 30 s | requests |\n|---|---|\n| fresh clone | 9,125 |\n"
    (tmp_path / "RESULTS.md").write_text("# an earlier run\n\n| list, page_size=10 | 1 |\n" + load, encoding="utf-8")
    results = run(Options(out_dir=tmp_path, rounds=1, batch=1, http=False), key=dataset.issue_key())

    written = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(results))
    assert set(written["list"]) == {"10", "100", "500"}
    for figures in [*written["list"].values(), written["detail"]]:
        assert figures.keys() >= FIGURES
        assert figures["samples"] == 1
    assert written.keys() >= {"list", "detail", "http", "scale", "machine", "count", "profile", "per_order"}
    assert written["http"] is None
    assert written["scale"] is None
    # The stack's own cost: both bench-only views answered, and are gone again.
    assert 0 < written["framework"]["django_ms"] < written["framework"]["drf_ms"]
    assert "a DRF view with the project's key authentication" in (tmp_path / "RESULTS.md").read_text()
    assert written["list"]["100"]["bytes"] == written["list"]["500"]["bytes"]  # 30 orders: both show all
    # The key, the count, the page of orders and their lines; a detail has no count.
    assert {size: figures["queries"] for size, figures in written["list"].items()} == {"10": 4, "100": 4, "500": 4}
    assert written["detail"]["queries"] == 2
    # Each request is profiled, and each step it takes costs something.
    assert set(written["profile"]) == {"10", "100", "500", "detail"}
    assert "the order and its lines as rows (v1 detail)" in written["profile"]["detail"]["stages"]
    assert "page: count and queries" in written["profile"]["10"]["stages"]
    for profile in written["profile"].values():
        # Each step counted once: a step counted twice would leave less than nothing for the rest.
        assert min(profile["stages"].values()) >= 0
        assert profile["stages"][diagnosis.OUTSIDE] > 0
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")
    markdown = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert "| list, page_size=500 |" in markdown
    assert markdown.count("Top 10 functions by own time") == 4
    assert "| step of the request | page of 10 | page of 100 | page of 500 | detail |" in markdown
    for row in goals.check(results):
        assert f"| {row.goal} | {goals.verdict(row.holds)} |" in markdown
    assert "| memory: a worker's peak RSS reported" in markdown
    # The hand-kept load-test figures survive the run; the earlier run's figures do not.
    assert markdown.endswith(load)
    assert markdown.count(report.LOAD_HEADING) == 1
    assert "# an earlier run" not in markdown


def test_the_scale_runs_figures_are_kept_checked_and_given_their_section(tiny, tmp_path, monkeypatch):
    fake = types.ModuleType("bench.scale")
    fake.goal_rows = lambda figures: [("scale: page of 100 at 1,000,000 ≤ 1.3× at 10,000", True, figures["ratio"])]
    fake.section = lambda figures: f"\n## Scale on PostgreSQL\n\nA page of 100 at {figures['ratio']}.\n"
    fake.measure = lambda rounds: {"ratio": "1.1×"}
    monkeypatch.setitem(sys.modules, "bench.scale", fake)
    monkeypatch.setattr(bench, "scale", fake, raising=False)  # in place of the real one, if imported before

    run(Options(out_dir=tmp_path, rounds=1, batch=1, http=False, scale=True), key=dataset.issue_key())

    kept = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["scale"]
    assert kept["ratio"] == "1.1×"
    assert kept["measured"].keys() == {"date", "commit"}  # a later run without --scale keeps them, saying when
    markdown = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert "| scale: page of 100 at 1,000,000 ≤ 1.3× at 10,000 | yes | 1.1× |" in markdown
    assert "\n## Scale on PostgreSQL\n\nA page of 100 at 1.1×.\n" in markdown


@pytest.mark.parametrize(
    "path", ["/api/v1/orders?page_size=1", "/api/v1/orders?page=2&page_size=2", "/api/v1/orders/{second}"]
)
def test_floor_bytes_equal_the_projects_in_another_time_zone_with_any_text(settings, api_key, path):
    settings.TIME_ZONE = "America/New_York"
    chip = make_cookie(name="Crème \u2028 Brûlée", price=Decimal("3.10"))
    oat = make_cookie(name='"Oat" & <raisin>')
    placed = [datetime(2024, 3, 10, 6, 59, 59, tzinfo=UTC), datetime(2024, 11, 3, 5, 30, tzinfo=UTC)]
    orders = [make_order(lines={chip: 2, oat: 1}, placed_at=placed[0], name="Zoë Ångström", state="")]
    orders += [make_order(lines={oat: 24}, placed_at=placed[1]), make_order(lines={chip: 1})]
    the_floor = floor.for_django(connection, time_zone=settings.TIME_ZONE)

    response = Project(api_key).get(path.format(second=orders[1].pk))

    if "{second}" in path:
        assert the_floor.detail_body(orders[1].pk) == response.content
    else:
        page, size = int(response.wsgi_request.GET.get("page", 1)), int(response.wsgi_request.GET["page_size"])
        assert the_floor.list_body(page_size=size, page=page) == response.content
