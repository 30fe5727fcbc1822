"""Admin pages for orders work and cost the same number of queries at any size."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cookies.tests.factories import make_cookie
from orders.models import Order
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


def make_orders(count: int, lines_per_order: int = 3):
    cookies = [make_cookie() for _ in range(lines_per_order)]
    return [make_order(lines={c: i + 1 for i, c in enumerate(cookies)}) for _ in range(count)]


def change_form_data(order, line, **line_fields) -> dict:
    """The order change form as the admin posts it, with one line changed by `line_fields`."""
    fields = {"id": line.pk, "order": order.pk, "cookie": line.cookie_id, "number_of_cookies": "3"}
    fields |= {"unit_price": "2.50", **line_fields}
    return {
        "address": order.address.pk,
        "cookie_orders-TOTAL_FORMS": "1",
        "cookie_orders-INITIAL_FORMS": "1",
        "cookie_orders-MIN_NUM_FORMS": "1",
        "cookie_orders-MAX_NUM_FORMS": "1000",
        **{f"cookie_orders-0-{name}": value for name, value in fields.items()},
    }


# Session and user, then the page's own: the changelist's two counts, its page of annotated
# orders, the date hierarchy (2) and the country filter; the change form's order, the
# cookie choices (count, rows), its lines and its address.
ADMIN_QUERIES = {"changelist": 8, "change": 9}


@pytest.mark.parametrize("page", ["changelist", "change"])
def test_order_admin_pages_cost_the_same_queries_for_1_and_50_orders(staff_client, django_assert_num_queries, page):
    def url():
        if page == "changelist":
            return reverse("admin:orders_order_changelist")
        return reverse("admin:orders_order_change", args=[Order.objects.last().pk])

    make_orders(1, lines_per_order=1)
    staff_client.get(url())  # warm per-process caches (content types) out of the count
    for more_orders in (0, 49):
        make_orders(more_orders, lines_per_order=5)
        with django_assert_num_queries(ADMIN_QUERIES[page]):
            assert staff_client.get(url()).status_code == 200


def test_changelist_shows_customer_city_items_and_total(staff_client):
    chip, oat = make_cookie(price=Decimal("2.50")), make_cookie(price=Decimal("1.25"))
    make_order(lines={chip: 2, oat: 4}, name="Ada", city="London")

    response = staff_client.get(reverse("admin:orders_order_changelist"))

    row = response.context["cl"].result_list[0]
    assert (row.address.name, row.address.city, row.number_of_items, row.total) == (
        "Ada",
        "London",
        6,
        Decimal("10.00"),
    )
    assert b"Ada" in response.content
    assert b"London" in response.content


def test_changelist_searches_by_city_and_zip(staff_client):
    cookie = make_cookie()
    make_order(lines={cookie: 1}, city="Lyon", zip="69001")
    make_order(lines={cookie: 1}, city="Anytown", zip="12345")
    url = reverse("admin:orders_order_changelist")

    for term in ["Lyon", "69001"]:
        results = staff_client.get(url, {"q": term}).context["cl"].result_list
        assert [o.address.city for o in results] == ["Lyon"]


def test_lines_are_edited_inline(staff_client, order):
    line = order.cookie_orders.get()
    url = reverse("admin:orders_order_change", args=[order.pk])
    response = staff_client.post(url, change_form_data(order, line, number_of_cookies="7"))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    line.refresh_from_db()
    assert line.number_of_cookies == 7


def test_admin_requires_staff(client):
    response = client.get(reverse("admin:orders_order_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_deleting_every_line_of_an_order_is_refused(staff_client, order):
    line = order.cookie_orders.get()
    url = reverse("admin:orders_order_change", args=[order.pk])
    response = staff_client.post(url, change_form_data(order, line, DELETE="on"))
    assert response.status_code == 200
    assert "Please submit at least 1 form." in response.content.decode()
    assert order.cookie_orders.count() == 1


def test_order_date_is_read_only_and_orders_are_not_added_by_hand(staff_client, order):
    change = staff_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert 'name="date_0"' not in change.content.decode()
    assert staff_client.get(reverse("admin:orders_order_add")).status_code == 403
