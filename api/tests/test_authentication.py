"""Who may read the API: a valid key in either header, or a staff session; nobody else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.authentication import EXPIRED_KEY, INVALID_KEY, KEY_IN_URL, MISSING_KEY
from api.models import APIKey

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders/"


def assert_401(response, message):
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Api-Key realm="api"'
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": message}


@pytest.mark.parametrize("name", ["X-API-Key", "X-API-KEY", "x-api-key"])
def test_key_in_x_api_key_header_is_accepted_whatever_the_case(api_client, api_key, order, name):
    response = api_client.get(ORDERS, headers={name: api_key})
    assert response.status_code == 200
    assert [o["id"] for o in response.json()] == [order.pk]


def test_key_in_authorization_header_is_accepted(api_client, api_key, order):
    response = api_client.get(ORDERS, HTTP_AUTHORIZATION=f"Api-Key {api_key}")
    assert response.status_code == 200


def test_missing_key_gets_401(api_client):
    assert_401(api_client.get(ORDERS), MISSING_KEY)


def test_other_authorization_schemes_count_as_missing(api_client):
    assert_401(api_client.get(ORDERS, HTTP_AUTHORIZATION="Bearer abc.def"), MISSING_KEY)


@pytest.mark.parametrize(
    "key",
    [
        "nonsense",
        "abcdefgh.0123456789abcdef0123456789abcdef",
        ".",
        "a" * 5000,
        "abc\x00def.ghi",
        "abcdefgh.0123456789abcdef0123456789abcdeé",
        " ",
    ],
)
def test_unknown_or_malformed_key_gets_401(api_client, key):
    assert_401(api_client.get(ORDERS, HTTP_X_API_KEY=key), INVALID_KEY)


def test_revoked_key_gets_401_on_the_next_request(api_client, api_key):
    assert api_client.get(ORDERS, HTTP_X_API_KEY=api_key).status_code == 200
    APIKey.objects.filter(prefix=api_key.partition(".")[0]).update(revoked=True)
    assert_401(api_client.get(ORDERS, HTTP_X_API_KEY=api_key), INVALID_KEY)


def test_expired_key_gets_401(api_client):
    _, key = APIKey.objects.create_key(name="old", expiry_date=timezone.now() - timedelta(seconds=1))
    assert_401(api_client.get(ORDERS, HTTP_X_API_KEY=key), EXPIRED_KEY)


def test_key_expiring_later_still_works(api_client):
    _, key = APIKey.objects.create_key(name="soon", expiry_date=timezone.now() + timedelta(days=1))
    assert api_client.get(ORDERS, HTTP_X_API_KEY=key).status_code == 200


@pytest.mark.parametrize("param", ["key", "api_key", "apikey", "KEY"])
def test_key_in_query_string_is_refused_even_when_valid(api_client, api_key, param):
    assert_401(api_client.get(ORDERS, {param: api_key}), KEY_IN_URL)
    assert_401(api_client.get(ORDERS, {param: api_key}, HTTP_X_API_KEY=api_key), KEY_IN_URL)


def test_key_in_query_string_is_refused_on_the_public_catalogue(api_client, api_key):
    assert_401(api_client.get("/api/v1/cookies/", {"key": api_key}), KEY_IN_URL)


def test_staff_session_can_read_orders_in_the_browsable_api(staff_client, order):
    response = staff_client.get(ORDERS, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"Order List" in response.content


def test_staff_session_gets_json_too(staff_client, order):
    response = staff_client.get(ORDERS)
    assert response.status_code == 200
    assert response.json()[0]["id"] == order.pk


def test_non_staff_session_is_forbidden(client, django_user_model):
    user = django_user_model.objects.create_user(username="customer", password="x")
    client.force_login(user)
    response = client.get(ORDERS)
    assert response.status_code == 403
    assert response.json() == {"error": "You do not have permission to perform this action."}


def test_write_without_a_key_is_401_before_405(api_client):
    assert_401(api_client.post(ORDERS, {}), MISSING_KEY)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_write_with_a_valid_key_is_405_with_allow(api_client, api_key, order, method):
    url = ORDERS if method == "post" else f"{ORDERS}{order.pk}/"
    response = getattr(api_client, method)(url, HTTP_X_API_KEY=api_key)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json() == {"error": f'Method "{method.upper()}" not allowed.'}


@pytest.mark.parametrize("param", ["token", "x-api-key", "X-Api-Key", "auth", "q"])
def test_any_query_parameter_holding_a_key_shaped_value_is_refused(api_client, api_key, param):
    assert_401(api_client.get(ORDERS, {param: api_key}, HTTP_X_API_KEY=api_key), KEY_IN_URL)
    # Unknown keys too: their shape gives them away, wherever they sit in the value.
    shaped = "AbCd1234.abcdefghijklmnopqrstuvwxyz012345"
    assert_401(api_client.get("/api/v1/cookies/", {param: f"see {shaped}"}), KEY_IN_URL)


def test_a_key_shaped_query_parameter_name_is_refused(api_client, api_key):
    assert_401(api_client.get(f"{ORDERS}?{api_key}", HTTP_X_API_KEY=api_key), KEY_IN_URL)


@pytest.mark.parametrize("params", [{"cookie": "chocolate-chip"}, {"token": "abc.def"}, {"x": "a" * 41}])
def test_other_query_values_are_not_mistaken_for_keys(api_client, api_key, cookie, params):
    response = api_client.get(ORDERS, params, HTTP_X_API_KEY=api_key)
    assert response.status_code in (200, 400)
    assert response.json() != {"error": KEY_IN_URL}
