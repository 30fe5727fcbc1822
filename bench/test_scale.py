"""The scale bench's loader writes valid orders, and its measure runs end to end (PostgreSQL only; nothing timed)."""

import io
import os

import pytest
from django.db import connection
from django.db.models import Count, F

from bench import scale, scaleload
from cookies.models import Cookie
from orders.models import CookieOrder, Order
from orders.selectors import count_of
from orders.services import place_order
from orders.tests.factories import make_address

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: the loader is PostgreSQL's SQL"),
    pytest.mark.django_db(transaction=True),  # the loader ends with VACUUM, which no transaction may hold
]

ORDERS = 300


def test_the_loaded_orders_are_valid_numbered_and_reused():
    assert scaleload.ensure(ORDERS, stdout=io.StringIO()) is not None
    assert scaleload.ensure(ORDERS, stdout=io.StringIO()) is None  # loaded with the right count: reused

    orders = list(Order.objects.select_related("address").prefetch_related("cookie_orders__cookie").order_by("id"))
    assert [(order.pk, order.position) for order in orders] == [(n, n) for n in range(1, ORDERS + 1)]
    assert count_of(Order.objects.all()) == ORDERS
    for order in orders:
        order.full_clean()
        order.address.full_clean()
        assert (order.status, order.updated_at, order.checkout_token) == ("placed", order.date, None)
        lines = list(order.cookie_orders.all())
        assert 1 <= len(lines) <= 5
        for line in lines:
            line.full_clean()
            assert line.unit_price == line.cookie.price
            assert 1 <= line.number_of_cookies <= 24
    per_order = CookieOrder.objects.values("order").annotate(n=Count("id")).values_list("n", flat=True)
    assert set(per_order) == {1, 2, 3, 4, 5}  # every size of order occurs in 300
    assert not CookieOrder.objects.exclude(unit_price=F("cookie__price")).exists()
    # Sequences are past the loaded ids: the next checkout is order and position 301.
    placed = place_order(cart={Cookie.objects.first().pk: 1}, address=make_address())
    assert (placed.pk, placed.position) == (ORDERS + 1, ORDERS + 1)


def test_measure_times_every_case_at_each_size_and_says_whether_the_goal_holds():
    base = connection.settings_dict
    url = f"postgres://{base['USER']}@{base['HOST'] or '127.0.0.1'}:{base['PORT'] or 5432}"
    named = f"{url}/cookieshop_bench_webhooks?connect_timeout=5"  # a database's URL: its server is used
    names = {200: f"cookieshop_scale_t200_{os.getpid()}", 400: f"cookieshop_scale_t400_{os.getpid()}"}
    try:
        result = scale.measure(sizes=(200, 400), rounds=2, page=10, base_url=named, names=names, stdout=io.StringIO())
    finally:
        for name in names.values():
            scaleload.drop_database(f"{url}/{name}")

    assert (result["from"], result["to"]) == ("200", "400")
    for orders, sized in result["sizes"].items():
        cases = sized["cases"]
        assert set(cases) == {"v1_first", "v1_deep", "v2_first", "v2_deep", "v1_most", "v1_deep_offset", "v1_cookie"}
        assert all(figures["ms"] > 0 for figures in cases.values())
        assert {case: figures["queries"] for case, figures in cases.items() if case.endswith(("first", "deep"))} == {
            "v1_first": 4,
            "v1_deep": 4,
            "v2_first": 4,
            "v2_deep": 4,
        }
        # Deep: the page that starts at 90 %; a v1 total is the number of orders.
        deep = int(orders) * 9 // 10 + 1
        assert (
            cases["v1_deep"]["first_id"] == cases["v2_deep"]["first_id"] == cases["v1_deep_offset"]["first_id"] == deep
        )
        assert cases["v1_first"]["total"] == cases["v1_most"]["total"] == int(orders)
        assert sized["memory"]["after"]["peak"] >= sized["memory"]["after"]["rss"] > 0
    rows = scale.goal_rows(result)
    assert len(rows) == 4
    assert all(
        holds == (result["ratios"][case] <= scale.GOAL_RATIO)
        for (_, holds, _), case in zip(rows, scale.scaletext.GOAL_CASES, strict=True)
    )
    assert "| v1 page of 100 at 90 % depth (count included) |" in scale.section(result)
