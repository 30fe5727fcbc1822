"""README's one configuration table names every variable the project reads, and no other table lists them again."""

import re

import pytest

from cookieshop.tests.servers import PROJECT_VARIABLES, ROOT

README = (ROOT / "README.md").read_text()
# What settings.py reads through django-environ: env("X"), env.int("X"), env.db("X")...
SETTINGS_READS = re.findall(r'\benv(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', (ROOT / "cookieshop/settings.py").read_text())
GUNICORN_READS = re.findall(
    r"os\.environ\.get\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", (ROOT / "gunicorn.conf.py").read_text()
)
VARIABLES = sorted(PROJECT_VARIABLES | {*SETTINGS_READS, *GUNICORN_READS})


def section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def first_cells(text: str) -> list[str]:
    """The first cell of every table row of `text`, the header row included."""
    return [line.split("|")[1] for line in text.splitlines() if line.startswith("| ")]


CONFIGURATION = section("Configuration")


def test_the_variables_are_read_from_env_example_settings_and_gunicorn_conf():
    # If a pattern above stopped matching, the tests below would check too little.
    assert {"DEBUG", "SECRET_KEY", "CONN_MAX_AGE", "API_RATE_AUTH_FAILURES", "CHECKOUT_RATE"} <= set(SETTINGS_READS)
    assert {"BIND_ADDRESS", "PORT", "WEB_CONCURRENCY", "ENV_FILE"} <= set(GUNICORN_READS)
    assert {"GUNICORN_CMD_ARGS", "ADMIN_LOGIN_COOLOFF_MINUTES"} <= PROJECT_VARIABLES


@pytest.mark.parametrize("variable", VARIABLES)
def test_every_variable_is_in_the_configuration_table(variable):
    assert any(f"`{variable}`" in cell for cell in first_cells(CONFIGURATION)), variable


def test_no_other_table_of_the_readme_lists_variables():
    elsewhere = first_cells(README.replace(CONFIGURATION, ""))
    assert [(cell, v) for cell in elsewhere for v in VARIABLES if f"`{v}`" in cell] == []
