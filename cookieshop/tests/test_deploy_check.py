"""`manage.py check --deploy` reports nothing with README's production settings, and names what is relaxed."""

import re
import subprocess
import sys

import pytest

from cookieshop.tests import servers


def check_deploy(**overrides):
    """`check --deploy` in a fresh process, with README's production settings word for word but the secret."""
    readme = servers.readme_production_env()
    machines = {name: readme[name] for name in ("DATABASE_URL", "CACHE_URL", "WEB_CONCURRENCY")}
    env = servers.production_env(**{**machines, **overrides})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=servers.ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_reports_nothing_with_the_readme_production_settings():
    result = check_deploy()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


RELAXED = {
    "SECURE_SSL_REDIRECT": ("False", "security.W008"),
    "SECURE_HSTS_SECONDS": ("0", "security.W004"),
    "SESSION_COOKIE_SECURE": ("False", "security.W012"),
    "CSRF_COOKIE_SECURE": ("False", "security.W016"),
    "SECRET_KEY": ("too-short-to-be-a-secret", "security.W009"),
}


def test_check_deploy_names_every_relaxed_setting():
    # One process for all of them: each start of Django costs most of a second.
    result = check_deploy(**{variable: value for variable, (value, _) in RELAXED.items()})
    assert result.returncode == 1
    assert sorted(re.findall(r"\?: \((security\.W\d+)\)", result.stderr)) == sorted(w for _, w in RELAXED.values())


def test_check_deploy_names_the_hsts_options_left_out():
    # Django checks them only while HSTS is on, so apart from SECURE_HSTS_SECONDS=0.
    result = check_deploy(SECURE_HSTS_INCLUDE_SUBDOMAINS="False", SECURE_HSTS_PRELOAD="False")
    assert result.returncode == 1
    assert sorted(re.findall(r"\?: \((security\.W\d+)\)", result.stderr)) == ["security.W005", "security.W021"]


@pytest.mark.parametrize(
    ("cache_url", "workers"),
    [
        ("locmemcache://", {"WEB_CONCURRENCY": "2"}),
        ("filecache:///tmp/cookieshop-check", {"WEB_CONCURRENCY": "2"}),
        ("locmemcache://", {"WEB_CONCURRENCY": "1", "GUNICORN_CMD_ARGS": "--timeout 60 -w 2"}),
    ],
)
def test_check_deploy_warns_when_several_workers_would_count_rate_limits_alone(cache_url, workers):
    result = check_deploy(CACHE_URL=cache_url, **workers)
    assert result.returncode == 1
    assert re.findall(r"\?: \((\w+\.\w\d+)\)", result.stderr) == ["api.W001"]
    assert " while 2 gunicorn workers serve (" in result.stderr
    assert "clients get up to that many times their limit." in result.stderr
    assert "HINT: Set CACHE_URL to a shared cache (redis://host:6379/0), or run one worker" in result.stderr


def test_check_deploy_warns_that_the_dummy_cache_applies_no_limit_even_with_one_worker():
    result = check_deploy(CACHE_URL="dummycache://", WEB_CONCURRENCY="1")
    assert result.returncode == 1
    assert re.findall(r"\?: \((\w+\.\w\d+)\)", result.stderr) == ["api.W001"]
    assert "which stores nothing: no rate limit, failed-authentication limit or checkout limit" in result.stderr


def test_check_deploy_accepts_a_process_local_cache_with_one_worker():
    result = check_deploy(CACHE_URL="locmemcache://", WEB_CONCURRENCY="1")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_bad_rates_fail_the_checks_naming_their_variables():
    result = check_deploy(API_RATE_AUTH_FAILURES="lots", CHECKOUT_RATE="often")
    assert result.returncode == 1
    assert sorted(re.findall(r"\?: \((\w+\.\w\d+)\)", result.stderr)) == ["api.E001", "orders.E001"]
    assert "HINT: Set API_RATE_AUTH_FAILURES to a number of requests per sec, min, hour or day" in result.stderr
    assert "HINT: Set CHECKOUT_RATE to a number of orders per sec, min, hour or day, e.g. 10/hour." in result.stderr


def test_a_malformed_proxy_ssl_header_fails_at_startup_naming_the_fix():
    result = check_deploy(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert result.returncode == 1
    assert "SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https" in result.stderr
