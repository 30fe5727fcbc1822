"""The OpenAPI schema is valid and true to the API; the docs page needs no other host."""

import re

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client):
    response = api_client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_valid_openapi_3(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_schema_declares_the_api_key_scheme(schema):
    assert schema["components"]["securitySchemes"]["ApiKeyAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": 'Or send "Authorization: Api-Key <key>". Keys are issued by the shop.',
    }
    assert {"ApiKeyAuth": []} in schema["paths"]["/api/v1/orders/"]["get"]["security"]


def test_schema_describes_the_order_shape_and_list_parameters(schema):
    components = schema["components"]["schemas"]
    assert list(components["Order"]["properties"]) == ["id", "date", "address", "cookie_orders"]
    assert list(components["CookieOrder"]["properties"]) == ["cookie_id", "cookie_name", "number_of_cookies"]
    operation = schema["paths"]["/api/v1/orders/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {"page", "page_size", "date_after", "date_before", "cookie", "ordering"}
    ok = operation["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/PaginatedOrderList"
    assert components["PaginatedOrderList"]["type"] == "array"
    assert set(ok["headers"]) == {"Link", "X-Total-Count"}


def test_schema_documents_json_errors(schema):
    responses = schema["paths"]["/api/v1/orders/{id}/"]["get"]["responses"]
    for status in ("401", "404", "429"):
        assert responses[status]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_docs_page_loads_its_assets_from_this_site(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("path", ["/api/v1/cookies/", "/api/v1/cookies/{slug}/", "/api/v2/cookies/"])
def test_schema_shows_the_catalogue_as_public(schema, path):
    assert schema["paths"][path]["get"]["security"] == [{"ApiKeyAuth": []}, {}]


def test_schema_documents_the_shipment_write(schema):
    operation = schema["paths"]["/api/v2/orders/{id}/fulfillment/"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Fulfillment"}
    shipment = schema["components"]["schemas"]["Fulfillment"]
    assert list(shipment["properties"]) == ["carrier", "tracking_number", "tracking_url", "fulfilled_at"]
    assert shipment["required"] == ["carrier", "fulfilled_at", "tracking_number"]
    assert shipment["properties"]["fulfilled_at"]["readOnly"] is True
    responses = operation["responses"]
    assert set(responses) == {"201", "400", "401", "403", "404", "406", "409", "415", "422", "429", "503"}
    assert responses["201"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/OrderV2"}
    for status in ("201", "400", "404", "409"):
        assert responses[status]["headers"]["Idempotent-Replayed"]["schema"] == {"type": "string", "enum": ["true"]}
    for status in ("403", "409", "415", "422"):
        assert responses[status]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    [header] = [p for p in operation["parameters"] if p["in"] == "header"]
    assert (header["name"], header.get("required", False), header["schema"]["pattern"]) == (
        "Idempotency-Key",
        False,
        r"^[\x20-\x7e]{1,255}$",
    )
