"""Real gunicorn servers for the tests that need one, configured as README "Production" says.

A server runs in its own process group with the project's gunicorn.conf.py and the
README's production variables (read from README.md, so the two cannot drift); the
test replaces only what names another machine: database, cache, port, secret.
"""

import os
import re
import secrets
import signal
import subprocess
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import redis
from django.conf import settings
from django.db import connection

from cookieshop.tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py", "cookieshop.wsgi"]
# The project's own variables (all are in .env.example): none leaks from the shell into a server.
PROJECT_VARIABLES = frozenset(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
STARTUP_SECONDS = 60
IS_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

requires_postgresql = pytest.mark.skipif(
    not IS_POSTGRESQL,
    reason="needs PostgreSQL: the server process shares the test database (CI runs the suite on PostgreSQL too)",
)


def wait_for(probe, errors, seconds: float = STARTUP_SECONDS):
    """Calls `probe` until it stops raising `errors`: a process that boots has no clock to inject."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return probe()
        except errors:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def readme_production_env() -> dict[str, str]:
    """The `export NAME=value` lines of the first sh block under README's "## Production"."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Production\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    pairs = re.findall(r"^export (\w+)=(.*)$", block, flags=re.MULTILINE)
    assert pairs, "README's Production section lost its sh block of `export NAME=value` lines"
    return dict(pairs)


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production server: README's variables, with the test's own machines.

    Overrides may only replace variables the README sets, or add gunicorn's and the
    rate limits'; DEBUG is off, as `make serve` makes it.
    """
    readme = readme_production_env()
    # The browser tests' async switch must not leak into a production process either.
    test_only = PROJECT_VARIABLES | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {name: value for name, value in os.environ.items() if name not in test_only}
    test_machines = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": shared_database_url() if IS_POSTGRESQL else closed_database_url(),
        "CACHE_URL": "locmemcache://",
        # Webhook tasks the server enqueues stay in its memory: no worker is part of these tests.
        "CELERY_BROKER_URL": "memory://",
        "PORT": str(free_port()),
        "BIND_ADDRESS": "127.0.0.1",
        "WEB_CONCURRENCY": "1",  # one worker boots fastest; the README test uses README's number
    }
    return {**base, **readme, "DEBUG": "False", **test_machines, **overrides}


def shared_database_url() -> str:
    """The test database pytest-django made, as a URL a server process can share."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def closed_database_url() -> str:
    """A PostgreSQL URL where nothing listens: every connection is refused."""
    return f"postgres://postgres@127.0.0.1:{free_port()}/cookieshop"


def require_redis(url: str, purpose: str = "") -> None:
    """Skips the test (fails it under CI, which starts Redis) when nothing answers at `url`."""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        message = f"needs Redis at {url}{purpose} ({exc}); CI starts it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def redis_url_or_skip() -> str:
    """A Redis URL with a key prefix of its own; skips (fails under CI) when Redis is down."""
    url = os.environ.get("CACHE_URL", "")
    if not url.startswith("redis://"):
        url = "redis://127.0.0.1:6379/0"
    require_redis(url)
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}key_prefix=test-{uuid.uuid4().hex}"


class LiveServer:
    """A running server: its base URL, an HTTP client acting as the TLS proxy, and its log."""

    def __init__(self, process: subprocess.Popen, env: dict[str, str], log_path: Path):
        self.process = process
        self.env = env
        self.log_path = log_path
        self.url = f"http://127.0.0.1:{env['PORT']}"
        self.host = env["ALLOWED_HOSTS"].split(",")[0]
        # As the proxy in front would: the client's request came over HTTPS to our host name.
        self.client = httpx.Client(
            base_url=self.url,
            headers={"Host": self.host, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"},
            timeout=30,
        )

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.client.get(path, **kwargs)

    def wait_until_ready(self):
        """Until the server answers any HTTP request; fails with the log if it dies or hangs."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the server exited with {self.process.returncode}:\n{self.log}")
            try:
                self.client.get("/api/v1/nope", timeout=2)
                return
            except httpx.TransportError:
                time.sleep(0.1)  # polling a process that boots: there is no clock to inject
        pytest.fail(f"the server did not answer within {STARTUP_SECONDS} s:\n{self.log}")

    def stop(self):
        """SIGTERM to the whole process group (make, gunicorn and its workers), then SIGKILL."""
        self.client.close()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@contextmanager
def live_server(env: dict[str, str], log_path: Path, command: list[str] | None = None):
    """Starts `command` (gunicorn by default) with `env`, yields it ready, stops it."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command or GUNICORN, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = LiveServer(process, env, log_path)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()
