"""Provides v2's cursor pagination: an envelope {"next", "previous", "results"}, oldest first."""

import re

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from api.pagination import SettingsPageSizeMixin

INVALID_CURSOR = "is not a cursor of this API: follow the `next` and `previous` URLs as they are."

_ID_POSITION = re.compile(r"[0-9]{1,18}\Z")
# What DRF's encode_cursor() makes: standard base64. b64decode() would drop other characters.
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}\Z")


class OrderCursorPagination(SettingsPageSizeMixin, CursorPagination):
    """Walks orders by id, the order in which they were created.

    A cursor points after the last id seen, so orders created while a client pages
    through appear once, on a later page, and none is skipped or repeated.
    """

    ordering = "id"

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
            valid = cursor is None or cursor.position is None or _ID_POSITION.match(cursor.position)
        if not valid:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        return cursor
