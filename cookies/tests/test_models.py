"""The catalogue's invariants hold in the database, not only in forms."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cookies.models import Cookie
from cookies.tests.factories import make_cookie

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["Chocolate-Chip", "choc chip", "choc_chip", "-choc", "choc-", "choc--chip"])
def test_database_refuses_a_bad_slug(slug):
    with pytest.raises(IntegrityError):
        Cookie.objects.create(name="Bad", slug=slug, price=Decimal("1.00"))


@pytest.mark.parametrize("price", [Decimal("0"), Decimal("-1.00")])
def test_database_refuses_a_non_positive_price(price):
    with pytest.raises(IntegrityError):
        Cookie.objects.create(name="Free", slug="free", price=price)


def test_database_refuses_a_duplicate_slug():
    make_cookie(slug="twin")
    with pytest.raises(IntegrityError):
        make_cookie(slug="twin")


def test_full_clean_explains_a_bad_slug_and_price():
    cookie = Cookie(name="Bad", slug="Bad Slug", price=Decimal("0"))
    with pytest.raises(ValidationError) as excinfo:
        cookie.full_clean()
    assert set(excinfo.value.message_dict) == {"slug", "price"}


def test_available_leaves_out_withdrawn_cookies():
    on_sale = make_cookie()
    make_cookie(is_available=False)
    assert list(Cookie.objects.available()) == [on_sale]
