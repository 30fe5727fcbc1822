"""Settings come from the environment and refuse to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_settings(show="DEBUG", **env):
    environment = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}} | {
        "DJANGO_SETTINGS_MODULE": "cookieshop.settings",
        **env,
    }
    code = "import django; django.setup(); from django.conf import settings; print(settings." + show + ")"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_debug_off_without_secret_key_fails_with_a_message_naming_the_fix():
    result = load_settings(DEBUG="False", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "DEBUG=True" in result.stderr


def test_debug_off_with_a_secret_key_starts():
    result = load_settings(DEBUG="False", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_debug_on_uses_a_development_key():
    result = load_settings(DEBUG="True", SECRET_KEY="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_env_file_names_the_file_read_and_empty_reads_none(tmp_path):
    (tmp_path / "shop.env").write_text("DEBUG=True\nTIME_ZONE=Asia/Tokyo\n")
    assert load_settings(show="TIME_ZONE", ENV_FILE=str(tmp_path / "shop.env")).stdout.strip() == "Asia/Tokyo"
    assert load_settings(show="TIME_ZONE", ENV_FILE="", DEBUG="True").stdout.strip() == "UTC"


def test_the_suite_reads_no_env_file():
    # pyproject.toml's pytest env: a developer's .env must not change what the tests see.
    assert os.environ["ENV_FILE"] == ""
