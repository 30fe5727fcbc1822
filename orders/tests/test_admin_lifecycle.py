"""Admin: status in the list, the cancel action, the record-shipment form; final orders are read-only but notes."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from orders.admin_lifecycle import CANCELLED, NOT_CANCELLED, SHIPMENT_RECORDED
from orders.models import TRACKING_NUMBER_INVALID, Address, Fulfilment, Order
from orders.services import ORDER_IS_FINAL, cancel_order, record_fulfilment
from orders.tests.factories import make_order
from orders.tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:orders_order_changelist")
SHIPMENT = {"carrier": "UPS", "tracking_number": "1Z999AA10123456784", "tracking_url": "https://track.example/1Z"}


def fresh(order):
    return Order.objects.get(pk=order.pk)


def ship_url(order):
    return reverse("admin:orders_order_ship", args=[order.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def three(cookie):
    placed, fulfilled, cancelled = (make_order(lines={cookie: 1}) for _ in range(3))
    record_fulfilment(order=fulfilled, **SHIPMENT)
    cancel_order(order=cancelled)
    return fresh(placed), fresh(fulfilled), fresh(cancelled)


def test_the_list_shows_and_filters_by_status(staff_client, three):
    response = staff_client.get(CHANGELIST, {"status__exact": "cancelled"})
    assert [order.pk for order in response.context["cl"].result_list] == [three[2].pk]
    assert '<td class="field-status">Cancelled</td>' in response.content.decode()


def test_cancel_asks_first_and_changes_nothing_until_confirmed(staff_client, three):
    ids = [str(order.pk) for order in three]
    response = staff_client.post(CHANGELIST, {"action": "cancel_orders", "_selected_action": ids})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cancel these orders?" in html
    assert f"Order #{three[1].pk}: Fulfilled" in html
    assert [fresh(order).status for order in three] == ["placed", "fulfilled", "cancelled"]


def test_confirmed_cancel_cancels_placed_orders_only(staff_client, three):
    ids = [str(order.pk) for order in three]
    data = {"action": "cancel_orders", "_selected_action": ids, "confirm": "yes"}
    response = staff_client.post(CHANGELIST, data, follow=True)
    assert messages_of(response) == [
        CANCELLED.format(count=1),
        NOT_CANCELLED.format(orders=f"#{three[1].pk}, #{three[2].pk}"),
    ]
    assert [fresh(order).status for order in three] == ["cancelled", "fulfilled", "cancelled"]
    assert fresh(three[0]).updated_at > three[0].updated_at
    assert (fresh(three[1]).updated_at, fresh(three[2]).updated_at) == (three[1].updated_at, three[2].updated_at)


def test_record_shipment_form_fulfils_the_order(staff_client, order):
    change = staff_client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert f'href="{ship_url(order)}">Record shipment</a>' in change
    assert staff_client.get(ship_url(order)).status_code == 200
    response = staff_client.post(ship_url(order), SHIPMENT, follow=True)
    assert messages_of(response) == [SHIPMENT_RECORDED.format(number=order.pk)]
    assert fresh(order).status == "fulfilled"
    assert fresh(order).updated_at > order.updated_at
    shipment = Fulfilment.objects.get(order=order)
    assert (shipment.carrier, shipment.tracking_number, shipment.tracking_url) == tuple(SHIPMENT.values())


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("tracking_number", "1Z 999", TRACKING_NUMBER_INVALID),
        ("tracking_url", "http://track.example/1Z", "Enter an absolute https:// URL."),
        ("carrier", "", "This field is required."),
    ],
)
def test_an_invalid_shipment_form_says_why_and_saves_nothing(staff_client, order, field, value, error):
    response = staff_client.post(ship_url(order), {**SHIPMENT, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [error]}
    assert (fresh(order).status, Fulfilment.objects.count()) == ("placed", 0)


def test_a_final_order_cannot_be_shipped_again(staff_client, three):
    response = staff_client.post(ship_url(three[2]), SHIPMENT)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        ORDER_IS_FINAL.format(number=three[2].pk, status="cancelled")
    ]
    assert not Fulfilment.objects.filter(order=three[2]).exists()


def test_staff_who_may_only_view_orders_cannot_record_a_shipment(client, django_user_model, order):
    clerk = django_user_model.objects.create_user(username="clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(clerk)
    assert client.post(ship_url(order), SHIPMENT).status_code == 403
    assert fresh(order).status == "placed"


@pytest.mark.parametrize("final", [1, 2])
def test_a_final_order_is_read_only_except_notes(staff_client, three, final):
    order = three[final]
    url = reverse("admin:orders_order_change", args=[order.pk])
    html = staff_client.get(url).content.decode()
    assert 'name="notes"' in html
    assert 'name="address"' not in html
    assert 'name="cookie_orders-0-number_of_cookies"' not in html
    line = order.cookie_orders.get()
    data = {**change_form_data(order, line, number_of_cookies="9"), "notes": "Left at the door"}
    assert staff_client.post(url, data).status_code == 302
    assert (fresh(order).notes, fresh(order).updated_at) == ("Left at the door", order.updated_at)
    assert order.cookie_orders.get().number_of_cookies == 1


def test_editing_a_placed_orders_lines_moves_updated_at(staff_client, order):
    line = order.cookie_orders.get()
    url = reverse("admin:orders_order_change", args=[order.pk])
    assert staff_client.post(url, change_form_data(order, line, number_of_cookies="7")).status_code == 302
    assert line.__class__.objects.get(pk=line.pk).number_of_cookies == 7
    assert fresh(order).updated_at > order.updated_at


def test_saving_notes_alone_does_not_move_updated_at(staff_client, order):
    line = order.cookie_orders.get()
    url = reverse("admin:orders_order_change", args=[order.pk])
    data = {**change_form_data(order, line), "notes": "VIP"}
    assert staff_client.post(url, data).status_code == 302
    assert (fresh(order).notes, fresh(order).updated_at) == ("VIP", order.updated_at)


def address_data(**fields):
    return {
        "name": "Jane",
        "street": "123 Main St",
        "city": "Anytown",
        "state": "CA",
        "zip": "12345",
        "country": "US",
    } | fields


def test_editing_the_address_moves_the_orders_updated_at(staff_client, order):
    url = reverse("admin:orders_address_change", args=[order.address_id])
    assert staff_client.post(url, address_data(city="Springfield")).status_code == 302
    assert Address.objects.get(pk=order.address_id).city == "Springfield"
    assert fresh(order).updated_at > order.updated_at


def test_the_address_of_a_final_order_is_read_only(staff_client, three):
    order = three[1]
    url = reverse("admin:orders_address_change", args=[order.address_id])
    assert staff_client.post(url, address_data(city="Springfield")).status_code == 403
    assert Address.objects.get(pk=order.address_id).city == "Anytown"


def test_orders_are_never_deleted_in_the_admin_but_cancelled(staff_client, order):
    response = staff_client.get(reverse("admin:orders_order_delete", args=[order.pk]))
    assert response.status_code == 403
    changelist = staff_client.get(reverse("admin:orders_order_changelist"))
    actions = [name for name, _ in changelist.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions
    assert Order.objects.filter(pk=order.pk).exists()
