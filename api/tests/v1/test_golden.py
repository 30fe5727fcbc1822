"""v1 is frozen: for a fixed data set its responses equal, byte for byte, the golden file.

The golden file api/tests/v1/golden/orders.json was committed before v2 existed; if this
test fails, v1 changed: fix the change, never the golden file.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from api.tests import golden
from cookies.tests.factories import make_cookie
from orders.tests.factories import make_order

GOLDEN = golden.load("v1/golden/orders.json")
KEY_HEADER = "HTTP_X_API_KEY"


@pytest.fixture
def fixed_data(settings):
    """Three cookies and three orders, ids from 1 (sequences reset), dates in New York."""
    settings.TIME_ZONE = "America/New_York"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 100}
    chip = make_cookie(name="Chocolate Chip", slug="chocolate-chip", price=Decimal("2.50"), description="Classic.")
    oat = make_cookie(name="Oatmeal Raisin", slug="oatmeal-raisin", price=Decimal("2.25"))
    make_cookie(name="Crème Brûlée", slug="creme-brulee", price=Decimal("3.10"), description='"Torched" & <sweet>')
    start = datetime(2022, 3, 14, 17, 27, 36, tzinfo=UTC)
    make_order(lines={chip: 15}, placed_at=start, name="Jane", state="CA")
    make_order(
        lines={oat: 2, chip: 1},
        placed_at=start + timedelta(days=200, seconds=1),
        name="Zoë Ångström",
        street="1 Rue de l'Église",
        city="Lyon",
        state="",
        zip="69001",
        country="FR",
    )
    make_order(lines={oat: 24}, placed_at=start + timedelta(days=300), name="Ada", city="London", zip="N1 9GU")


CASES = {
    "list_first_page": ("/api/v1/orders?page_size=2", True),
    "list_last_page": ("/api/v1/orders/?page=2&page_size=2", True),
    "list_all": ("/api/v1/orders", True),
    "list_filtered": ("/api/v1/orders/?cookie=oatmeal-raisin&ordering=-date", True),
    "detail": ("/api/v1/orders/2", True),
    "detail_missing": ("/api/v1/orders/99/", True),
    "bad_page": ("/api/v1/orders?page=zero", True),
    "bad_date": ("/api/v1/orders?date_after=2022-3-1", True),
    "no_key": ("/api/v1/orders", False),
    "cookies": ("/api/v1/cookies/", False),
    "cookie": ("/api/v1/cookies/creme-brulee", False),
}


@pytest.mark.django_db(transaction=True, reset_sequences=True)
@pytest.mark.parametrize("case", sorted(CASES))
def test_v1_response_equals_the_golden_file(api_client, api_key, fixed_data, case):
    path, with_key = CASES[case]
    headers = {KEY_HEADER: api_key} if with_key else {}
    assert golden.snapshot(api_client.get(path, **headers)) == GOLDEN[case]


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_write_method_gets_405_with_allow_as_frozen(key_client, fixed_data):
    response = key_client.delete("/api/v1/orders/1")
    assert golden.snapshot(response) == GOLDEN["delete"]
