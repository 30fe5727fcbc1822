"""gunicorn settings for `make serve`, from the environment or .env (README "Production").

Any other gunicorn setting can be added with GUNICORN_CMD_ARGS, e.g. "--timeout 60".
"""

import gc
import logging
import multiprocessing
import os
import re
from pathlib import Path

import environ
from gunicorn.glogging import Logger

# gunicorn puts its directory (chdir, the project's root) on sys.path before it reads this file.
from api.redaction import REDACTED
from api.redaction import redact as redact_key_shapes

# As the Django settings do: values already in the environment win over the file (ENV_FILE).
env_file = os.environ.get("ENV_FILE", ".env")
if env_file and (Path(__file__).resolve().parent / env_file).is_file():
    environ.Env.read_env(Path(__file__).resolve().parent / env_file)

bind = f"{os.environ.get('BIND_ADDRESS', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))

# Request lines (method, target and version, without the CRLF) of up to 8190 bytes
# reach Django, which answers JSON; a longer one is refused by gunicorn with its plain
# 414 "URI Too Long" as soon as 8190 bytes are read, so a client streaming a line without
# end cannot hold a worker. 8190 is gunicorn's largest finite limit (0 would be
# unlimited: its Python parser has no cap of its own), two bytes short of 8 KiB.
limit_request_line = 8190
limit_request_field_size = 8190
limit_request_fields = 100

# Access and error logs go to the console, where the process manager collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

# Key shapes, plain or percent-encoded, as Django's log handlers redact them (api/redaction.py),
# and the value of any query parameter named like a key (which the API refuses anyway).
KEY_PARAMETER = re.compile(r"(?i)([?&](?:api[-_]?)?key=)[^&\s\"]*")
KEY_HEADERS = ("{x-api-key}i", "{authorization}i")


def redact(text: str) -> str:
    """The text with anything that may be an API key replaced by [redacted]."""
    return redact_key_shapes(KEY_PARAMETER.sub(rf"\g<1>{REDACTED}", text))


class RedactKeys(logging.Filter):
    """Redacts the formatted message of every record of the logger it is added to."""

    def filter(self, record):
        record.msg, record.args = redact(record.getMessage()), ()
        return True


REDACT_KEYS = RedactKeys()


class RedactingLogger(Logger):
    """gunicorn's logger, with API keys kept out of the access and error logs.

    The API refuses keys in URLs, but the access log is written whatever the answer,
    and a custom access_log_format (GUNICORN_CMD_ARGS) may name the key headers.
    """

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(REDACT_KEYS)  # a no-op when it is already there

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in KEY_HEADERS:
            if atoms.get(name):
                atoms[name] = REDACTED
        return atoms


logger_class = RedactingLogger


def post_worker_init(worker):
    """Once the worker has loaded the app, its modules, settings and URL patterns leave the collector's sight.

    They live as long as the worker, yet every full collection walked them all again:
    ~0.17 ms of each request's CPU on average, in pauses of ~100 ms (bench/RESULTS.md).
    gc.freeze() moves them to a generation that collections skip.
    """
    gc.freeze()
