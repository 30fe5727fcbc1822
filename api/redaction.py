"""Provides the shape of an issued API key and a logging filter that redacts it from every log line.

Kept free of Django imports: LOGGING installs the filter while Django sets up,
before the apps (and the models the rest of `api` imports) are ready.
"""

import logging
import re
from urllib.parse import unquote

# What djangorestframework-api-key issues: an 8-character prefix, a dot and a
# 32-character secret, both letters and digits (KeyGenerator's defaults). Found
# anywhere in a text, even inside a longer word: redacting too much is harmless.
ISSUED_KEY = re.compile(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}")
REDACTED = "[redacted]"
# A run of the characters a URL holds around a key. Servers decode percent escapes,
# so "ZZZZtest%2Eabc…" or "ZZZZtest.%61bc…" is a working key that no regex of the raw
# text sees: each run that holds an escape is decoded (twice over, for "%252E") and
# redacted whole when its decoded form holds a key. Matching maximal runs, then
# decoding, keeps the scan linear in the line's length.
URL_RUN = re.compile(r"[A-Za-z0-9%._~+-]+")
DECODINGS = 3


def redact(text: str) -> str:
    """The text with every key-shaped value, plain or percent-encoded, replaced by [redacted]."""
    return ISSUED_KEY.sub(REDACTED, URL_RUN.sub(_redact_encoded_key, text))


def _redact_encoded_key(run: re.Match) -> str:
    text = run.group()
    for _ in range(DECODINGS):
        if "%" not in text:
            break
        text = unquote(text)
        if ISSUED_KEY.search(text):
            return REDACTED
    return run.group()


class RedactKeys(logging.Filter):
    """Redacts keys from a record's message, traceback and stack before its handler formats it.

    Set on every handler in LOGGING: a filter on a logger would miss the records
    that propagate to it (django.request's reach the root's handlers that way).
    """

    _formatter = logging.Formatter()

    def filter(self, record):
        record.msg, record.args = redact(record.getMessage()), ()
        if record.exc_info and not record.exc_text:
            # Formatted here once; the handler's formatter reuses exc_text as it is.
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
