"""Misconfigured API settings stop the start-up with a message naming the variable."""

import pytest

from api.checks import check_api_settings


def test_the_shipped_settings_pass():
    assert check_api_settings(None) == []


@pytest.mark.parametrize("rate", ["lots", "10/fortnight", "/min", "ten/min"])
def test_a_bad_rate_names_its_variable(rates, rate):
    rates(api_key=rate)
    [error] = check_api_settings(None)
    assert error.id == "api.E001"
    assert "API_RATE_PER_KEY" in error.hint


@pytest.mark.parametrize(("page_size", "maximum"), [(0, 500), (100, 10), (-1, 5)])
def test_page_size_must_be_between_1_and_the_maximum(settings, page_size, maximum):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": page_size}
    settings.API_MAX_PAGE_SIZE = maximum
    [error] = check_api_settings(None)
    assert error.id == "api.E002"
