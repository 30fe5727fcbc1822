"""Orders move: placed, then fulfilled or cancelled; every change moves updated_at forward, in the database too."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from orders.models import TRACKING_NUMBER_INVALID, Address, Fulfilment, Order
from orders.services import ORDER_IS_FINAL, OrderIsFinal, cancel_order, edit_order, record_fulfilment, update_notes
from orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

SHIPMENT = {"carrier": "UPS", "tracking_number": "1Z999AA10123456784", "tracking_url": "https://track.example/1Z"}


def fresh(order):
    return Order.objects.get(pk=order.pk)


def test_a_new_order_is_placed_and_last_changed_when_placed(order):
    assert (order.status, order.updated_at) == ("placed", order.date)
    assert fresh(order).updated_at == order.date


def test_each_change_gets_a_later_updated_at_than_every_change_before(cookie):
    first = make_order(lines={cookie: 1})
    # The clock may step back (or two changes share a tick): updated_at still increases.
    Order.objects.filter(pk=first.pk).update(updated_at=F("updated_at") + timedelta(days=1))
    second = make_order(lines={cookie: 1})
    assert second.updated_at > fresh(first).updated_at
    fulfilled = record_fulfilment(order=first, **SHIPMENT)
    assert fulfilled.updated_at > second.updated_at


def test_recording_a_shipment_fulfils_the_order(order):
    before = order.updated_at
    fulfilled = record_fulfilment(order=order, **SHIPMENT)
    order = fresh(order)
    assert (order.status, order.updated_at) == ("fulfilled", fulfilled.updated_at)
    assert order.updated_at > before
    shipment = Fulfilment.objects.get(order=order)
    assert (shipment.carrier, shipment.tracking_number, shipment.tracking_url) == tuple(SHIPMENT.values())
    assert shipment.fulfilled_at == order.updated_at


def test_tracking_url_is_optional(order):
    record_fulfilment(order=order, carrier="DHL", tracking_number="JD-0142")
    assert Fulfilment.objects.get().tracking_url == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tracking_number", "1Z 999", TRACKING_NUMBER_INVALID),
        ("tracking_number", "", "This field cannot be blank."),
        ("carrier", "x" * 51, "Ensure this value has at most 50 characters (it has 51)."),
        ("tracking_url", "http://track.example/1Z", "Enter an absolute https:// URL."),
    ],
)
def test_an_invalid_shipment_is_refused_and_changes_nothing(order, field, value, message):
    with pytest.raises(ValidationError) as error:
        record_fulfilment(order=order, **{**SHIPMENT, field: value})
    assert error.value.message_dict == {field: [message]}
    assert fresh(order).status == "placed"
    assert fresh(order).updated_at == order.updated_at
    assert not Fulfilment.objects.exists()


@pytest.mark.parametrize("first", ["fulfil", "cancel"])
@pytest.mark.parametrize("then", ["fulfil", "cancel", "edit"])
def test_fulfilled_and_cancelled_are_final(order, first, then):
    changes = {
        "fulfil": lambda: record_fulfilment(order=order, **SHIPMENT),
        "cancel": lambda: cancel_order(order=order),
        "edit": lambda: edit_order(order=order, save_changes=lambda: Address.objects.update(city="Elsewhere")),
    }
    changes[first]()
    final = fresh(order)
    with pytest.raises(OrderIsFinal) as error:
        changes[then]()
    assert str(error.value) == ORDER_IS_FINAL.format(number=order.pk, status=final.status)
    assert fresh(order).updated_at == final.updated_at
    assert Fulfilment.objects.count() == (first == "fulfil")
    assert Address.objects.get().city == "Anytown"


def test_cancelling_a_placed_order_moves_updated_at(order):
    cancelled = cancel_order(order=order)
    assert (fresh(order).status, fresh(order).updated_at) == ("cancelled", cancelled.updated_at)
    assert cancelled.updated_at > order.date


def test_a_staff_edit_is_saved_with_a_later_updated_at(order):
    edited = edit_order(order=order, save_changes=lambda: Address.objects.update(city="Springfield"))
    assert Address.objects.get().city == "Springfield"
    assert fresh(order).updated_at == edited.updated_at > order.date


def test_notes_do_not_move_updated_at_and_stay_editable_on_final_orders(order):
    cancel_order(order=order)
    cancelled = fresh(order)
    update_notes(order=order, notes="Customer phoned")
    assert (fresh(order).notes, fresh(order).updated_at) == ("Customer phoned", cancelled.updated_at)


@pytest.mark.parametrize(
    "change",
    [
        {"status": "shipped"},
        {"updated_at": timezone.now() - timedelta(days=365)},
    ],
)
def test_the_database_refuses_an_unknown_status_or_an_updated_at_before_the_date(order, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.filter(pk=order.pk).update(**change)


@pytest.mark.parametrize(
    "shipment",
    [
        {"carrier": ""},
        {"tracking_number": ""},
        {"tracking_url": "http://track.example/1Z"},
    ],
)
def test_the_database_refuses_a_blank_or_insecure_shipment(order, shipment):
    fields = {**SHIPMENT, "fulfilled_at": timezone.now(), **shipment}
    with pytest.raises(IntegrityError), transaction.atomic():
        Fulfilment.objects.create(order=order, **fields)


def test_an_order_has_at_most_one_shipment(order):
    Fulfilment.objects.create(order=order, fulfilled_at=timezone.now(), **SHIPMENT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Fulfilment.objects.create(order=order, fulfilled_at=timezone.now(), **SHIPMENT)
