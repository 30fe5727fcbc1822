"""Settings for the cookie shop, read from the environment and an optional `.env` file.

Every variable is listed, with its default, in `.env.example` and in the README.
"""

import multiprocessing
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Values already in the environment win over the file (read_env uses setdefault).
# ENV_FILE names another file; set empty, none is read: the test suite does, so that
# a developer's .env cannot change what the tests see (pyproject.toml).
ENV_FILE = env("ENV_FILE", default=".env")
if ENV_FILE and (BASE_DIR / ENV_FILE).is_file():
    env.read_env(BASE_DIR / ENV_FILE)

# ------------------------------------------------------------------------------
# Core
# https://docs.djangoproject.com/en/5.2/ref/settings/#core-settings
# ------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG is on: production must refuse
# to start without a real one rather than sign sessions with a public string.
SECRET_KEY = env("SECRET_KEY", default=None)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment or in .env "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=True for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# JSON under /api/ (every API view is exempt; DRF checks sessions itself), HTML elsewhere.
CSRF_FAILURE_VIEW = "api.exceptions.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so that runserver serves static files like production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "cookies",
    "orders",
    "api",
    "webhooks",
]

MIDDLEWARE = [
    # Outermost: once the answer is made, DRF's view and response go (no cycles left for the GC).
    "api.middleware.release_view",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database outage is a 503 with Retry-After (JSON under /api/), never a 500.
    "cookieshop.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out admin login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cookieshop.urls"
WSGI_APPLICATION = "cookieshop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cookieshop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orders.context_processors.cart",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database and cache
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
# ------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# Persistent connections are checked before reuse, so a restarted database is
# picked up again without restarting the app.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server must fail the request within seconds (a 503), not hang
    # the worker until gunicorn kills it. `?connect_timeout=N` in DATABASE_URL wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# gunicorn's workers (gunicorn.conf.py reads the same variable, with the same default),
# here for the check that they share the cache the rate limits are counted in.
WEB_CONCURRENCY = env.int("WEB_CONCURRENCY", default=multiprocessing.cpu_count() * 2 + 1)
# gunicorn's options from the environment: a --workers there wins over WEB_CONCURRENCY.
GUNICORN_CMD_ARGS = env("GUNICORN_CMD_ARGS", default="")
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # Same for Redis: without timeouts a blackholed server blocks every request.
    # `?socket_timeout=N&socket_connect_timeout=N` in CACHE_URL win.
    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("SOCKET_CONNECT_TIMEOUT", 1)
    CACHES["default"]["OPTIONS"].setdefault("SOCKET_TIMEOUT", 1)

# Sessions are rows in the database that every app process and host shares (never
# local memory or files), and a cache flush does not log staff out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Messages live in the session (a database row), not in a cookie: the admin shows a new
# API key in one, and a key must never travel in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# ------------------------------------------------------------------------------
# Authentication; the admin login is guarded by django-axes
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
# ------------------------------------------------------------------------------
# Only staff log in, on the admin's login page. Its form carries `next`, but a POST
# without one (a script, an empty or off-site `next`) would go to Django's default,
# /accounts/profile/, which does not exist: the admin index instead.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out attempt is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed attempts are rows in the database, so all app processes and hosts count together.
AXES_HANDLER = "cookieshop.login_guard.PairAndAddressHandler"
AXES_FAILURE_LIMIT = env.int("ADMIN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ADMIN_LOGIN_COOLOFF_MINUTES", default=15))
# Per username *and* address: a guesser is stopped, and nobody elsewhere can lock
# a staff member out by failing on purpose. Per address too, with a higher limit of
# its own (the handler's), so that trying a few passwords on many usernames is stopped.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_ADDRESS_FAILURE_LIMIT = env.int("ADMIN_LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
# The client's address as every per-address limit sees it: NUM_PROXIES proxies are trusted.
AXES_CLIENT_IP_CALLABLE = "orders.client_address.client_ip"
AXES_RESET_ON_SUCCESS = True
# No start-up banner in every command and worker; lock-outs are still logged.
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ------------------------------------------------------------------------------
# Internationalisation: dates in the API are shown in TIME_ZONE.
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------
# Static files, served by whitenoise in every mode
# https://whitenoise.readthedocs.io/en/stable/django.html
# ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The project package is not an app, so its stylesheet is found through this list.
STATICFILES_DIRS = [BASE_DIR / "cookieshop" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# ------------------------------------------------------------------------------
# Logging: everything to the console, where the process manager collects it.
# https://docs.djangoproject.com/en/5.2/topics/logging/#default-logging-configuration
# Every handler redacts API keys (a key sent in a path reaches django.request's
# "Not Found: /api/v1/orders/<key>/"). Django's own loggers are reset to send their
# records up to the root's handlers: its defaults would attach handlers without the
# filter (runserver's request lines, and a second console while DEBUG is on).
# ------------------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_keys": {"()": "api.redaction.RedactKeys"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_keys"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        # One line per webhook POST is noise: every attempt is recorded in the delivery log.
        "httpx": {"level": "WARNING"},
    },
}

# ------------------------------------------------------------------------------
# Production / security: HTTPS behind a proxy, secure cookies, HSTS
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
# Secure by default when DEBUG is off; `manage.py check --deploy` reports nothing
# with the settings of README "Production".
# ------------------------------------------------------------------------------
# The header and value by which the TLS-terminating proxy says a request came over
# HTTPS, e.g. "HTTP_X_FORWARDED_PROTO,https". Set it only when that proxy always
# sets or strips the header: a client could otherwise claim HTTPS.
SECURE_PROXY_SSL_HEADER = env.tuple("SECURE_PROXY_SSL_HEADER", default=None)
if SECURE_PROXY_SSL_HEADER is not None and len(SECURE_PROXY_SSL_HEADER) != 2:
    raise ImproperlyConfigured(
        "SECURE_PROXY_SSL_HEADER must be a header and a value separated by a comma, "
        "e.g. SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https"
    )
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)

# ------------------------------------------------------------------------------
# Storefront
# ------------------------------------------------------------------------------
# Orders placed per client address (N/sec, N/min, N/hour, N/day), counted in the
# shared cache; see orders/checkout_limit.py.
CHECKOUT_RATE = env("CHECKOUT_RATE", default="10/hour")

# ------------------------------------------------------------------------------
# Partner API
# https://www.django-rest-framework.org/api-guide/settings/
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # API key first: DRF answers 401 (not 403) only when the first class has a
    # WWW-Authenticate header. The session lets staff use the browsable API.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasAPIKeyOrIsStaff"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.ApiKeyRateThrottle",
        "api.throttling.StaffRateThrottle",
        "api.throttling.AnonRateThrottle",
    ],
    # Generous: a partner paging through 10,000 orders (100 pages of 100) is not throttled.
    "DEFAULT_THROTTLE_RATES": {
        "api_key": env("API_RATE_PER_KEY", default="1200/min"),
        "user": env("API_RATE_PER_STAFF_USER", default="1200/min"),
        "anon": env("API_RATE_PER_IP", default="120/min"),
        # Unknown, revoked, expired, malformed or URL keys per client address; then 429.
        "auth_failures": env("API_RATE_AUTH_FAILURES", default="30/min"),
    },
    # Only the proxies in front of the app may set X-Forwarded-For; 0 trusts none.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "DEFAULT_PAGINATION_CLASS": "api.pagination.HeaderPageNumberPagination",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=100),
    "DEFAULT_FILTER_BACKENDS": ["api.filters.FilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "api.renderers.OrjsonRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    # No ?format=: the Accept header chooses (the browsable API uses it), and an
    # unknown format is not mistaken for a missing page.
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# Larger page_size values are capped to this.
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=500)

SPECTACULAR_SETTINGS = {
    "TITLE": "Cookie Shop partner API",
    "DESCRIPTION": (
        "Orders for partner programs (fulfilment, accounting). Send your API key in the "
        "`X-API-Key` header. v1 is frozen: its shape never changes."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Anyone reads; a write needs a key first (401), then is refused (405).
    "SERVE_PERMISSIONS": ["api.permissions.PublicReadOnly"],
    # Anonymous readers are welcome, but a key in the URL is refused here too.
    "SERVE_AUTHENTICATION": ["api.authentication.ApiKeyAuthentication"],
    # Swagger UI's assets come from drf-spectacular-sidecar, served by the project: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_errors_and_headers",
        "api.schema.declare_cookie_slugs",
        "api.schema.declare_empty_choices",
    ],
}

# `python manage.py test` runs the same pytest suite as `pytest` and `make test`.
TEST_RUNNER = "cookieshop.test_runner.PytestTestRunner"

# ------------------------------------------------------------------------------
# Background work (Celery) and webhooks
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# ------------------------------------------------------------------------------
# Production: Redis (e.g. redis://127.0.0.1:6379/1). Development: kombu's filesystem
# transport in .celery/, so `make run` needs no broker service.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_FOLDER = BASE_DIR / ".celery" / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
    }
else:
    # A broker that is down must fail the enqueue within a second (the sweep catches up),
    # never hold the checkout that enqueued it.
    # (max_retries 0: kombu's publisher tries once instead of for broker_connection_timeout.)
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 5, "max_retries": 0}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# A task is acknowledged after it ran, and given back when its worker dies: the
# delivery row decides whether a second run has anything left to do.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    # Enqueues what the on-commit doorbell missed (broker down) and the retries that are due.
    "webhooks-sweep": {"task": "webhooks.tasks.sweep", "schedule": env.float("WEBHOOK_SWEEP_SECONDS", default=5.0)},
    "events-retention": {"task": "webhooks.tasks.delete_old_events", "schedule": 3600.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / ".celery" / "beat-schedule")

# Events are kept this many days (GET /api/v2/events), then deleted with their deliveries.
EVENTS_RETENTION_DAYS = env.int("EVENTS_RETENTION_DAYS", default=30)
# Seconds an attempt may take in all (connect, send, answer), then it is a failure.
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=10.0)
# Waits before each retry (s, m, h suffixes), each lengthened by up to 10 % at random.
WEBHOOK_RETRY_SCHEDULE = env.list("WEBHOOK_RETRY_SCHEDULE", default=["5s", "5m", "30m", "2h", "5h", "10h", "10h"])
# An endpoint that has only failed for this long (s, m, h, d) is disabled.
WEBHOOK_DISABLE_AFTER = env("WEBHOOK_DISABLE_AFTER", default="5d")
# Development and tests only: allows http:// and loopback/private/link-local/reserved targets.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
# A queued delivery or event not taken up for this long is enqueued again by the sweep.
WEBHOOK_REQUEUE_SECONDS = env.float("WEBHOOK_REQUEUE_SECONDS", default=300.0)
