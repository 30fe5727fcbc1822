"""Provides Idempotency-Key for writes, as Stripe's: per API key, the first answer is kept 24 hours and replayed.

The records live in the database, so they hold across processes and while the
cache is down. The first request locks its record and runs the write in the same
transaction as the one that stores its answer: a crash half-way leaves neither,
and a repeat that arrives meanwhile finds the row locked (409).
"""

import functools
import hashlib
import json
import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, transaction
from django.http import Http404
from django.utils import timezone
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from api.models import APIKey, IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEEP = timedelta(hours=24)
HEADER_PATTERN = r"^[\x20-\x7e]{1,255}$"
INVALID_KEY = "must be 1 to 255 printable ASCII characters."
KEY_REUSED = "This Idempotency-Key was already used for a different request: send a new key with a new request."
IN_PROGRESS = "A request with this Idempotency-Key is still running: retry once it has finished."
# PostgreSQL's SQLSTATE for a row lock that NOWAIT could not take.
LOCK_NOT_AVAILABLE = "55P03"

# What DRF's handle_exception turns into an answer (an unknown order is Django's Http404).
HANDLED_BY_DRF = (exceptions.APIException, Http404, PermissionDenied)

_HEADER = re.compile(HEADER_PATTERN.replace("$", r"\Z"))


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = KEY_REUSED


class StillRunning(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = IN_PROGRESS


class Clock:
    """Injected so that tests move time instead of waiting a day (like DRF's throttle timer)."""

    now = staticmethod(timezone.now)


def idempotent(handler):
    """Decorates a view's write handler: a request with an Idempotency-Key and an API key runs once.

    A repeat with the same key and request gets the stored status and body with
    `Idempotent-Replayed: true`; a different request is a 422; a repeat while the
    first runs is a 409. Answers of 500 and above are not kept (the write rolled back).
    """

    @functools.wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or not isinstance(request.auth, APIKey):
            return handler(view, request, *args, **kwargs)
        if not _HEADER.match(key):
            raise exceptions.ValidationError({HEADER: [INVALID_KEY]})
        record = _claim(request.auth, key, _fingerprint(request))
        try:
            with transaction.atomic():
                locked = _lock(record)
                if locked.status_code is not None:
                    body = json.loads(locked.body)
                    return Response(body, status=locked.status_code, headers={REPLAYED_HEADER: "true"})
                try:
                    response = handler(view, request, *args, **kwargs)
                except HANDLED_BY_DRF as error:
                    response = view.handle_exception(error)
                if response.status_code < 500:
                    locked.status_code = response.status_code
                    locked.body = json.dumps(response.data, cls=JSONEncoder)
                    locked.save(update_fields=["status_code", "body"])
                return response
        except _Busy:
            raise StillRunning() from None

    return wrapper


class _Busy(Exception):
    """The record is locked by the request that runs the write."""


def _fingerprint(request) -> str:
    # Read before DRF parses the body (Django keeps it for the parser).
    parts = [request.method, request.path.rstrip("/"), request.content_type or ""]
    digest = hashlib.sha256("\n".join(parts).encode() + b"\n" + request._request.body)
    return digest.hexdigest()


def _claim(api_key: APIKey, key: str, fingerprint: str) -> IdempotencyRecord:
    """The record of `key` for this API key, made now unless a live one exists; 422 if it asked otherwise."""
    now = Clock.now()
    IdempotencyRecord.objects.filter(api_key=api_key, created_at__lt=now - KEEP).delete()
    try:
        with transaction.atomic():
            record, _ = IdempotencyRecord.objects.get_or_create(
                api_key=api_key, key=key, defaults={"fingerprint": fingerprint, "created_at": now}
            )
    except IntegrityError:
        # A twin made it between our look and our insert.
        record = IdempotencyRecord.objects.get(api_key=api_key, key=key)
    if record.fingerprint != fingerprint:
        raise KeyReused()
    return record


def _lock(record: IdempotencyRecord) -> IdempotencyRecord:
    try:
        return IdempotencyRecord.objects.select_for_update(nowait=True).get(pk=record.pk)
    except IdempotencyRecord.DoesNotExist:
        raise _Busy() from None  # expired and replaced by a twin this very moment
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise _Busy() from None
        raise
