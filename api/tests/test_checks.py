"""Misconfigured API settings stop the start-up with a message naming the variable."""

import pytest
from django.core import checks

from api.checks import check_api_settings, check_rate_limits_are_shared


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


LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
FILES = "django.core.cache.backends.filebased.FileBasedCache"
DUMMY = "django.core.cache.backends.dummy.DummyCache"
REDIS = "django_redis.cache.RedisCache"
UNSHARED_HINT = (
    "Set CACHE_URL to a shared cache (redis://host:6379/0), "
    "or run one worker: WEB_CONCURRENCY=1 and no --workers in GUNICORN_CMD_ARGS."
)


@pytest.fixture
def serving(settings):
    """Sets the cache backend, WEB_CONCURRENCY and GUNICORN_CMD_ARGS the check reads."""

    def serve(backend: str, web_concurrency: int, cmd_args: str = ""):
        settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "/tmp/unused"}}
        settings.WEB_CONCURRENCY, settings.GUNICORN_CMD_ARGS = web_concurrency, cmd_args

    return serve


@pytest.mark.parametrize("cmd_args", ["--workers 3", "-w 3", "--workers=3", "-w3", "--timeout 60 --workers 3"])
def test_workers_set_in_gunicorn_cmd_args_count(serving, cmd_args):
    serving(LOCMEM, 1, cmd_args)
    [warning] = check_rate_limits_are_shared(None)
    assert warning.id == "api.W001"
    assert warning.msg == (
        f"Rate limits are counted in local memory, which each worker keeps alone ({LOCMEM}) while 3 "
        f"gunicorn workers serve (GUNICORN_CMD_ARGS={cmd_args!r}): clients get up to that many times their limit."
    )
    assert warning.hint == UNSHARED_HINT


def test_one_worker_in_gunicorn_cmd_args_wins_over_web_concurrency(serving):
    serving(LOCMEM, 5, "--workers 1")
    assert check_rate_limits_are_shared(None) == []


@pytest.mark.parametrize("cmd_args", ["", "-w 9"])
def test_the_dummy_cache_warns_whatever_the_workers(serving, cmd_args):
    serving(DUMMY, 1, cmd_args)
    [warning] = check_rate_limits_are_shared(None)
    assert warning.id == "api.W001"
    assert warning.msg == (
        f"Rate limits are counted in the dummy cache ({DUMMY}), which stores nothing: "
        "no rate limit, failed-authentication limit or checkout limit ever applies."
    )
    assert warning.hint == "Set CACHE_URL to a shared cache (redis://host:6379/0)."


def test_the_file_cache_warns_with_several_workers(serving):
    serving(FILES, 2)
    [warning] = check_rate_limits_are_shared(None)
    assert warning.msg == (
        f"Rate limits are counted in files, which each host keeps alone and whose increments are not atomic "
        f"({FILES}) while 2 gunicorn workers serve (WEB_CONCURRENCY=2): clients get up to that many times their limit."
    )
    serving(FILES, 1)
    assert check_rate_limits_are_shared(None) == []


def test_a_shared_cache_passes_with_any_workers(serving):
    serving(REDIS, 9, "--workers 17")
    assert check_rate_limits_are_shared(None) == []


@pytest.mark.parametrize("cmd_args", ["-h", "-w", "--workers x", '"unbalanced'])
def test_arguments_gunicorn_refuses_leave_web_concurrency_and_print_nothing(serving, capsys, cmd_args):
    serving(LOCMEM, 1, cmd_args)
    assert check_rate_limits_are_shared(None) == []
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    ("scope", "variable"),
    [
        ("api_key", "API_RATE_PER_KEY"),
        ("user", "API_RATE_PER_STAFF_USER"),
        ("anon", "API_RATE_PER_IP"),
        ("auth_failures", "API_RATE_AUTH_FAILURES"),
    ],
)
@pytest.mark.parametrize("rate", ["lots", "10/", "0/min", "-5/min", None])
def test_every_throttle_rate_is_checked(rates, scope, variable, rate):
    rates(**{scope: rate})
    assert check_api_settings(None) == [
        checks.Error(
            f"The rate {rate!r} for {scope!r} is not a DRF rate.",
            hint=f"Set {variable} to a number of requests per sec, min, hour or day, e.g. 1200/min.",
            id="api.E001",
        )
    ]


def test_a_scope_without_a_variable_names_the_setting(rates):
    rates(partners="often")
    [error] = check_api_settings(None)
    assert error.hint == (
        "Set REST_FRAMEWORK[\"DEFAULT_THROTTLE_RATES\"]['partners'] to a number of requests per sec, min, hour "
        "or day, e.g. 1200/min."
    )
