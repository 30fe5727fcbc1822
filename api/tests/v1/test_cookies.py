"""GET /api/v1/cookies: the public catalogue of available cookies."""

from decimal import Decimal

import pytest

from api.authentication import INVALID_KEY
from api.exceptions import NOT_FOUND
from cookies.tests.factories import make_cookie

NO_COOKIE = "No Cookie matches the given query."  # Django's get_object_or_404

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    chip = make_cookie(name="Chocolate Chip", slug="chocolate-chip", price=Decimal("2.50"), description="Yum")
    make_cookie(name="Retired", slug="retired", is_available=False)
    return chip


@pytest.mark.parametrize("path", ["/api/v1/cookies", "/api/v1/cookies/"])
def test_catalogue_is_public_and_lists_available_cookies(api_client, catalogue, path):
    response = api_client.get(path)
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": catalogue.pk,
            "slug": "chocolate-chip",
            "name": "Chocolate Chip",
            "price": "2.50",
            "description": "Yum",
        }
    ]


@pytest.mark.parametrize("suffix", ["", "/"])
def test_cookie_detail_by_slug(api_client, catalogue, suffix):
    response = api_client.get(f"/api/v1/cookies/chocolate-chip{suffix}")
    assert response.status_code == 200
    assert response.json()["price"] == "2.50"


@pytest.mark.parametrize(
    ("slug", "error"),
    # A slug of the wrong shape matches no route at all.
    [("retired", NO_COOKIE), ("nope", NO_COOKIE), ("Chocolate-Chip", NOT_FOUND)],
)
def test_unavailable_or_unknown_cookie_is_a_json_404(api_client, catalogue, slug, error):
    response = api_client.get(f"/api/v1/cookies/{slug}")
    assert response.status_code == 404
    assert response.json() == {"error": error}


def test_an_invalid_key_is_refused_on_the_catalogue_too(api_client, catalogue):
    response = api_client.get("/api/v1/cookies/", HTTP_X_API_KEY="bogus.key")
    assert response.status_code == 401
    assert response.json() == {"error": INVALID_KEY}


def test_a_valid_key_may_read_the_catalogue(key_client, catalogue):
    assert key_client.get("/api/v1/cookies/").status_code == 200


def test_a_write_to_the_catalogue_needs_a_key_first(api_client, api_key, catalogue):
    assert api_client.post("/api/v1/cookies/", {}).status_code == 401
    response = api_client.post("/api/v1/cookies/", {}, HTTP_X_API_KEY=api_key)
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD, OPTIONS")
