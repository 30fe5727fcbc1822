"""Real Celery workers for the tests: processes on a real Redis broker, sharing the test database.

The broker is Redis DB 5 with a queue name of the run's own (WEBHOOK_TEST_BROKER_URL
changes the URL); an outage test starts a throwaway redis-server of its own.
"""

import os
import shutil
import signal
import subprocess
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from celery import current_app

from cookieshop.tests import servers

BROKER_URL = os.environ.get("WEBHOOK_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")
CELERY = [str(servers.ROOT / ".venv" / "bin" / "celery"), "-A", "cookieshop"]
# As cookieshop/settings.py sets them for a Redis broker: an enqueue fails at once when it is down.
REDIS_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 5, "max_retries": 0}
READY_SECONDS = 60
# The worker's settings: short enough that retries and sweeps happen within a test.
TEST_TIMEOUT = 2
WORKER_SETTINGS = {
    "WEBHOOK_ALLOW_PRIVATE_TARGETS": "True",
    "WEBHOOK_TIMEOUT": str(TEST_TIMEOUT),
    "WEBHOOK_RETRY_SCHEDULE": "1s,1s,1s",
    "WEBHOOK_SWEEP_SECONDS": "0.5",
    "WEBHOOK_REQUEUE_SECONDS": "2",
}


def broker_or_skip(url: str = BROKER_URL) -> str:
    servers.require_redis(url, " for the Celery broker")
    return url


def new_queue() -> str:
    return f"cookieshop-test-{uuid.uuid4().hex[:12]}"


def point_app_at(broker_url: str, queue: str) -> None:
    """Makes this process's Celery app publish to `broker_url`, queue `queue` (forgetting old connections)."""
    app = current_app
    options = {} if broker_url.startswith("memory://") else REDIS_TRANSPORT_OPTIONS
    app.conf.update(broker_url=broker_url, task_default_queue=queue, broker_transport_options=options)
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.__dict__.pop("amqp", None)  # its queues and producer pool were made for the old settings


class Worker:
    """`celery worker` (with beat) in its own process group; `kill()` is a SIGKILL of all of it."""

    def __init__(self, *, broker_url: str, queue: str, log_path: Path, beat: bool = True, concurrency: int = 2):
        self.queue, self.log_path = queue, log_path
        self.env = worker_env(broker_url=broker_url, queue=queue)
        self.command = [*CELERY, "worker", "-Q", queue, "-c", str(concurrency), "--loglevel", "INFO"]
        self.command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{queue}@%h"]
        if beat:
            self.command += ["--beat", "--schedule", str(log_path.with_suffix(".beat"))]
        self.process = None

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def start(self) -> "Worker":
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=servers.ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + READY_SECONDS
        while " ready." not in self.log:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the Celery worker did not start:\n{self.log}")
            time.sleep(0.1)  # a booting process: there is no clock to inject
        return self

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def worker_env(*, broker_url: str, queue: str) -> dict[str, str]:
    """The worker's environment: none of the shell's project variables, the test database and broker."""
    base = {k: v for k, v in os.environ.items() if k not in servers.PROJECT_VARIABLES | {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return {
        **base,
        "DEBUG": "True",
        "DATABASE_URL": servers.shared_database_url(),
        "CACHE_URL": "locmemcache://",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        **WORKER_SETTINGS,
    }


@contextmanager
def running_worker(*, broker_url: str, queue: str, log_path: Path, **options):
    """A started worker whose queue this process publishes to, for the block; stopped after it."""
    worker = Worker(broker_url=broker_url, queue=queue, log_path=log_path, **options).start()
    point_app_at(broker_url, queue)
    try:
        yield worker
    finally:
        worker.stop()
        point_app_at("memory://", "celery")
        if broker_url.startswith("redis://"):
            # The queue and kombu's bindings for it: nothing of the run stays in the broker's database.
            redis.Redis.from_url(broker_url).delete(
                queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
            )


def wait_until(predicate, timeout: float = 30, message: str = "") -> None:
    """Polls `predicate` (the worker is another process: there is no clock to inject)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(message or f"not within {timeout} s")
        time.sleep(0.1)


class ThrowawayRedis:
    """A redis-server of the test's own on a free port, to stop and start (the shared one is never touched)."""

    def __init__(self, folder: Path):
        self.port, self.folder = servers.free_port(), folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [*command, "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(self._answers, timeout=10, message="the throwaway redis-server did not start")

    def _answers(self) -> bool:
        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
        except redis.RedisError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@contextmanager
def throwaway_redis(folder: Path):
    if shutil.which("redis-server") is None:
        message = "needs redis-server for the broker outage test; CI has it"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    broker = ThrowawayRedis(folder)
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()
