"""Catalogue pages list the cookies on sale, show one with its add-to-cart form, and style themselves."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cookies.tests.factories import make_cookie

pytestmark = pytest.mark.django_db


def test_home_lists_the_cookies_on_sale_by_name_with_price_and_link(client):
    make_cookie(name="Snickerdoodle", slug="snickerdoodle", price=Decimal("2.00"))
    make_cookie(name="Chocolate Chip", slug="chocolate-chip", price=Decimal("2.50"), description="Classic.")
    make_cookie(name="Old Favourite", slug="old-favourite", is_available=False)

    response = client.get("/")

    assert response.status_code == 200
    assert [cookie.name for cookie in response.context["cookies"]] == ["Chocolate Chip", "Snickerdoodle"]
    html = response.content.decode()
    assert '<a href="/cookies/chocolate-chip/">Chocolate Chip</a>' in html
    assert '<a href="/cookies/snickerdoodle/">Snickerdoodle</a>' in html
    assert "$2.50" in html
    assert "$2.00" in html
    assert "Classic." in html
    assert "Old Favourite" not in html


def test_home_says_so_when_no_cookie_is_on_sale(client):
    make_cookie(is_available=False)
    response = client.get(reverse("cookies:list"))
    assert response.status_code == 200
    assert "No cookies today" in response.content.decode()


def test_home_runs_one_query_however_many_cookies(client, django_assert_num_queries):
    for _ in range(20):
        make_cookie()
    with django_assert_num_queries(1):
        response = client.get("/")
    assert len(response.context["cookies"]) == 20


def test_cookie_page_shows_the_cookie_and_a_form_posting_to_the_cart(client):
    cookie = make_cookie(name="Ginger Snap", slug="ginger-snap", price=Decimal("2.10"), description="Crisp.")

    response = client.get("/cookies/ginger-snap/")

    assert response.status_code == 200
    assert response.context["cookie"] == cookie
    html = response.content.decode()
    assert "<h1>Ginger Snap</h1>" in html
    assert "$2.10 each" in html
    assert "Crisp." in html
    assert f'<form method="post" action="{reverse("orders:cart-add")}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'<input type="hidden" name="cookie" value="{cookie.pk}">' in html
    assert 'name="quantity" type="number"' in html
    assert ">Add to cart</button>" in html


def test_get_absolute_url_is_the_cookie_page():
    cookie = make_cookie(slug="lemon-sugar")
    assert cookie.get_absolute_url() == "/cookies/lemon-sugar/" == reverse("cookies:detail", args=["lemon-sugar"])


@pytest.mark.parametrize("slug", ["withdrawn", "never-existed", "UPPER", "9" * 300])
def test_cookie_page_of_a_withdrawn_or_unknown_cookie_is_a_friendly_404(client, slug):
    make_cookie(slug="withdrawn", is_available=False)
    response = client.get(f"/cookies/{slug}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_stylesheet_is_served_by_whitenoise_with_debug_off_after_collectstatic(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Only the project's own files: the admin's and the API docs' would make this slow.
    call_command(
        "collectstatic",
        "--noinput",
        verbosity=0,
        ignore_patterns=["admin", "rest_framework", "drf_spectacular_sidecar", "django_filters"],
    )
    client = Client()  # a new handler, so whitenoise indexes the fresh STATIC_ROOT

    page = client.get("/")
    stylesheet = re.search(r'href="(/static/cookieshop/site\.[0-9a-f]{12}\.css)"', page.content.decode())
    assert stylesheet, "the page links the hashed stylesheet"
    response = client.get(stylesheet.group(1))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "immutable" in response["Cache-Control"]
    assert b"--brand" in b"".join(response.streaming_content)
