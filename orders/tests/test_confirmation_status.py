"""The customer's confirmation page shows the order's status and, once shipped, the carrier and tracking."""

import pytest

from orders.models import Order
from orders.services import cancel_order, record_fulfilment
from orders.tests.pages import checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(client, chip, fill_cart, address_data):
    """The confirmation page of an order this client just placed, and the order."""
    fill_cart({chip: 2})
    url = checkout(client, address_data)["Location"]
    return url, Order.objects.get()


def shipment_of(response):
    html = response.content.decode()
    return html[html.find('data-testid="shipment"') :] if 'data-testid="shipment"' in html else None


def test_a_new_order_shows_placed_and_no_shipment(client, placed):
    url, _ = placed
    response = client.get(url)
    assert '<strong data-testid="order-status">Placed</strong>' in response.content.decode()
    assert shipment_of(response) is None


def test_a_shipped_order_shows_the_carrier_and_a_tracking_link(client, placed):
    url, order = placed
    record_fulfilment(order=order, carrier="UPS", tracking_number="1Z999", tracking_url="https://track.example/1Z999")
    response = client.get(url)
    assert '<strong data-testid="order-status">Fulfilled</strong>' in response.content.decode()
    shipment = shipment_of(response)
    assert "UPS, tracking number" in shipment
    assert '<a href="https://track.example/1Z999" rel="noopener noreferrer">1Z999</a>' in shipment


def test_a_shipment_without_a_tracking_url_shows_the_number_alone(client, placed):
    url, order = placed
    record_fulfilment(order=order, carrier="DHL", tracking_number="JD014")
    shipment = shipment_of(client.get(url))
    assert "DHL, tracking number\n        JD014" in shipment
    assert "<a href" not in shipment.split("</section>")[0]


def test_a_cancelled_order_says_so(client, placed):
    url, order = placed
    cancel_order(order=order)
    response = client.get(url)
    assert '<strong data-testid="order-status">Cancelled</strong>' in response.content.decode()
    assert shipment_of(response) is None
