"""The bench's data set: its own SQLite file, production-like settings, seeded by seed_demo."""

import os
import warnings
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_DB = BENCH_DIR / "bench.sqlite3"
BIG_DB = BENCH_DIR / "bench-100k.sqlite3"
KEY_NAME = "bench"

# Production-like (README): DEBUG off, so no query log; persistent connections.
# The per-key throttle still runs, on a one-second window, so that load never gets a 429.
ENVIRONMENT = {
    "DEBUG": "False",
    "CONN_MAX_AGE": "60",
    "API_RATE_PER_KEY": "1000000/s",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    # Plain HTTP on loopback: no TLS proxy in front to redirect to.
    "SECURE_SSL_REDIRECT": "False",
    "LOG_LEVEL": "WARNING",
    # Seeding places orders, whose events ring the webhook queue: kept in this process's
    # memory, never in the development broker's folder (make run's worker would take them up).
    "CELERY_BROKER_URL": "memory://",
    # collectstatic has not run: whitenoise warns once per process, the API does not care.
    "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
}


def configure(db_path: Path) -> None:
    """Point Django at `db_path` with the bench settings, then set it up (before any model import)."""
    os.environ.update(ENVIRONMENT, DATABASE_URL=f"sqlite:///{db_path}", DJANGO_SETTINGS_MODULE="cookieshop.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "b" * 40)
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django

    django.setup()


def prepare(orders: int, stdout) -> None:
    """Migrate and top the demo orders up to `orders` (seed_demo is idempotent: a seeded file is reused)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", orders=orders, stdout=stdout)


def issue_key() -> str:
    """A fresh API key made the way the shop makes them; the previous run's bench key is deleted."""
    from django.utils import timezone

    from api.models import APIKey

    APIKey.objects.filter(name=KEY_NAME).delete()
    # In use: the once-a-minute write of last_used_at is not part of what is measured.
    _, key = APIKey.objects.create_key(name=KEY_NAME, last_used_at=timezone.now())
    return key
