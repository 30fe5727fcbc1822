"""End to end in Chromium: a customer browses, fills the cart, checks out; partners then read the order."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from cookies.models import Cookie
from orders.models import Order
from orders.tests import factories
from orders.views.checkout import CHECK_THE_FORM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = "storefront.png"  # README shows docs/storefront.png: `make screenshot` refreshes it
ADDRESS = {
    "Full name": "Jane Doe",
    "Street and number": "123 Main St",
    "City": "Anytown",
    "State / province": "CA",
    "ZIP / postal code": "12345",
    "Country": "US",
}
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def shop():
    """The demo catalogue, loaded by the real command, so the screenshot shows the real shop."""
    call_command("seed_demo", orders=0, stdout=io.StringIO())
    return {cookie.slug: cookie for cookie in Cookie.objects.all()}


def add_to_cart(page: Page, name: str, quantity: int) -> None:
    page.goto("/")
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.get_by_label("Quantity", exact=True).fill(str(quantity))
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_text(f"Added {quantity} × {name} to your cart.")).to_be_visible()


def fill_address(page: Page, **changes: str) -> None:
    for label, value in {**ADDRESS, **changes}.items():
        page.get_by_label(label).fill(value)  # Django's labels end in ":"


def order_two_cookies(page: Page) -> int:
    """Browse, add two cookies, change a quantity, check out; the confirmation's order number."""
    add_to_cart(page, "Chocolate Chip", 2)
    add_to_cart(page, "Oatmeal Raisin", 1)
    row = page.get_by_test_id("cart-line").filter(has_text="Oatmeal Raisin")
    row.get_by_label("Quantity of Oatmeal Raisin").fill("3")
    row.get_by_role("button", name="Update").click()
    expect(page.get_by_text("You now have 3 × Oatmeal Raisin in your cart.")).to_be_visible()
    expect(page.get_by_test_id("cart-total")).to_have_text("$11.75")  # 2 × 2.50 + 3 × 2.25
    expect(page.get_by_test_id("cart-link")).to_have_text("Cart 5")

    page.get_by_role("link", name="Check out").click()
    fill_address(page)
    page.get_by_role("button", name="Place order").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your order")
    return int(page.get_by_test_id("order-number").inner_text())


def test_a_customer_browses_orders_two_cookies_and_sees_the_confirmation(page, shop, screenshots):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Our cookies")
    expect(page.locator(".card h2")).to_have_count(8)
    page.screenshot(path=screenshots / SCREENSHOT, full_page=True)
    assert (screenshots / SCREENSHOT).read_bytes().startswith(b"\x89PNG")

    order_id = order_two_cookies(page)

    order = Order.objects.select_related("address").get()
    assert order.pk == order_id
    assert [(line.cookie.slug, line.number_of_cookies) for line in order.cookie_orders.all()] == [
        ("chocolate-chip", 2),
        ("oatmeal-raisin", 3),
    ]
    assert (order.address.name, order.address.city, order.address.zip) == ("Jane Doe", "Anytown", "12345")
    expect(page).to_have_url(f"/orders/{order_id}/")
    expect(page.get_by_test_id("order-line")).to_have_text(
        ["Chocolate Chip 2 $2.50 $5.00", "Oatmeal Raisin 3 $2.25 $6.75"]
    )
    expect(page.get_by_test_id("order-total")).to_have_text("$11.75")
    expect(page.get_by_text("Jane Doe")).to_be_visible()
    expect(page.get_by_test_id("cart-link")).to_have_text("Cart")  # the cart was emptied


def test_the_order_placed_in_the_storefront_is_served_by_the_partner_api(page, shop, api_key):
    order_id = order_two_cookies(page)
    key = api_key

    response = page.request.get(f"/api/v1/orders/{order_id}/", headers={"X-API-Key": key})

    assert response.status == 200, response.text()
    body = response.json()
    order = Order.objects.get(pk=order_id)
    assert list(body) == ["id", "date", "address", "cookie_orders"]
    assert body == {
        "id": order_id,
        "date": timezone.localtime(order.date).strftime("%Y-%m-%d %H:%M:%S"),
        "address": {**factories.ADDRESS, "name": "Jane Doe"},
        "cookie_orders": [
            {"cookie_id": shop["chocolate-chip"].pk, "cookie_name": "Chocolate Chip", "number_of_cookies": 2},
            {"cookie_id": shop["oatmeal-raisin"].pk, "cookie_name": "Oatmeal Raisin", "number_of_cookies": 3},
        ],
    }


def test_a_checkout_with_a_missing_field_shows_the_error_and_creates_no_order(page, shop):
    add_to_cart(page, "Snickerdoodle", 4)
    page.get_by_role("link", name="Check out").click()
    # Spaces get past the browser's own `required` check; the server must still refuse them.
    fill_address(page, City="   ")
    page.get_by_role("button", name="Place order").click()

    expect(page.get_by_text(CHECK_THE_FORM)).to_be_visible()
    expect(page.get_by_text("City is required.")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Jane Doe")
    expect(page.get_by_test_id("cart-link")).to_have_text("Cart 4")
    assert Order.objects.count() == 0


def test_the_storefront_fits_a_phone_screen(browser, live_server, shop):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    add_to_cart(page, "White Chocolate Macadamia", 2)
    for url in ["/", "/cookies/white-chocolate-macadamia/", "/cart/", "/checkout/"]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{url} scrolls sideways on a phone ({width}px)"
    context.close()
