"""seed_demo is deterministic and idempotent."""

import io

import pytest
from django.core.management import CommandError, call_command

from cookies.models import Cookie
from orders.management.commands.seed_demo import NOTHING_TO_ORDER
from orders.models import Address, CookieOrder, Order

pytestmark = pytest.mark.django_db


def row_counts():
    return [model.objects.count() for model in (Cookie, Address, Order, CookieOrder)]


def snapshot():
    return list(
        CookieOrder.objects.order_by("id").values_list(
            "order__date", "order__address__name", "cookie__slug", "number_of_cookies", "unit_price"
        )
    )


def test_running_seed_demo_twice_gives_the_same_rows_as_once():
    call_command("seed_demo", orders=20, stdout=io.StringIO())
    once = row_counts()
    call_command("seed_demo", orders=20, stdout=io.StringIO())
    assert row_counts() == once
    assert once[:3] == [8, 20, 20]


def test_seed_demo_makes_the_same_orders_every_time():
    call_command("seed_demo", orders=5, stdout=io.StringIO())
    first = snapshot()
    CookieOrder.objects.all().delete()
    Order.objects.all().delete()
    Address.objects.all().delete()
    call_command("seed_demo", orders=5, stdout=io.StringIO())
    assert snapshot() == first


def test_seed_demo_reports_progress(capsys):
    call_command("seed_demo", orders=3)
    out = capsys.readouterr().out
    assert "orders: 3/3" in out
    assert "8 cookies, 3 orders" in out


def test_seed_demo_keeps_staff_edits_to_demo_cookies():
    call_command("seed_demo", orders=0, stdout=io.StringIO())
    Cookie.objects.filter(slug="chocolate-chip").update(price="9.99", is_available=False)
    call_command("seed_demo", orders=0, stdout=io.StringIO())
    chip = Cookie.objects.get(slug="chocolate-chip")
    assert (str(chip.price), chip.is_available) == ("9.99", False)


def test_seed_demo_orders_only_cookies_that_are_on_sale():
    call_command("seed_demo", orders=0, stdout=io.StringIO())
    withdrawn = ["chocolate-chip", "oatmeal-raisin", "peanut-butter", "snickerdoodle"]
    Cookie.objects.filter(slug__in=withdrawn).update(is_available=False)

    call_command("seed_demo", orders=30, stdout=io.StringIO())

    assert Order.objects.count() == 30
    ordered = set(CookieOrder.objects.values_list("cookie__slug", flat=True))
    assert ordered == set(Cookie.objects.available().values_list("slug", flat=True))
    assert not ordered & set(withdrawn)
    assert Cookie.objects.filter(slug__in=withdrawn, is_available=False).count() == 4  # staff's choice stays


def test_seed_demo_with_every_cookie_withdrawn_says_so_and_orders_nothing():
    call_command("seed_demo", orders=0, stdout=io.StringIO())
    Cookie.objects.update(is_available=False)

    with pytest.raises(CommandError) as error:
        call_command("seed_demo", orders=3, stdout=io.StringIO())
    assert str(error.value) == NOTHING_TO_ORDER
    assert row_counts() == [8, 0, 0, 0]
    call_command("seed_demo", orders=0, stdout=io.StringIO())  # nothing to order: nothing to refuse
