"""Provides v2's cursor pagination: an envelope {"next", "previous", "results"}, oldest first."""

import re
from datetime import datetime

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from api.pagination import SettingsPageSizeMixin

INVALID_CURSOR = "is not a cursor of this API: follow the `next` and `previous` URLs as they are."

_ID_POSITION = re.compile(r"[0-9]{1,18}\Z")
# What DRF's encode_cursor() makes: standard base64. b64decode() would drop other characters.
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}\Z")


class OrderCursorPagination(SettingsPageSizeMixin, CursorPagination):
    """Walks orders by id, the order in which they were created; by (updated_at, id) with ?updated_after=.

    A cursor points after the last position seen, so orders created (or changed, when
    syncing by updated_at) while a client pages through appear on a later page, and
    none is skipped. Changes commit in the order of ids and of updated_at
    (orders.services), so none can appear behind a cursor.
    """

    ordering = "id"
    sync_parameter = "updated_after"

    def get_ordering(self, request, queryset, view):
        if self.sync_parameter in request.query_params:
            return ("updated_at", "id")
        return (self.ordering,)

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        try:
            if encoded is not None and not _BASE64.match(encoded):
                raise NotFound(self.invalid_cursor_message)
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = None
            valid = False
        else:
            # DRF passes the position to the database as it is: check it first.
            valid = cursor is None or cursor.position is None or self.is_position(cursor.position)
        if not valid:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        return cursor

    def is_position(self, position: str) -> bool:
        if self.ordering[0] == "id":
            return bool(_ID_POSITION.match(position))
        try:
            return datetime.fromisoformat(position).tzinfo is not None
        except ValueError:
            return False
