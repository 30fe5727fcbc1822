"""Provides v2's cursor pagination: an envelope {"next", "previous", "results"}, oldest first."""

import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.utils.urls import replace_query_param

from api.pagination import SettingsPageSizeMixin

INVALID_CURSOR = "is not a cursor of this API: follow the `next` and `previous` URLs as they are."

# A cursor is readable, so that the schema can say exactly which ones the API takes
# (DRF's base64 is opaque: most base64 strings are not cursors): "n" (next: after)
# or "p" (previous: before), the id it points at, and an offset ("o3") when DRF
# needs one. Every string of this shape is served; ids fit PostgreSQL's bigint.
CURSOR_PATTERN = r"^[np](?:[0-9]{1,18})?(?:o[0-9]{1,9})?$"
_CURSOR = re.compile(r"([np])([0-9]{1,18})?(?:o([0-9]{1,9}))?\Z", re.ASCII)


class OrderCursorPagination(SettingsPageSizeMixin, CursorPagination):
    """Walks orders by id, the order in which they were created.

    A cursor points after the last id seen, so orders created while a client pages
    through appear once, on a later page, and none is skipped or repeated.
    """

    ordering = "id"

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        match = _CURSOR.match(encoded)
        if match is None:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        direction, position, offset = match.groups()
        return Cursor(offset=min(int(offset or 0), self.offset_cutoff), reverse=direction == "p", position=position)

    def encode_cursor(self, cursor):
        token = ("p" if cursor.reverse else "n") + (cursor.position or "")
        if cursor.offset:
            token += f"o{cursor.offset}"
        return replace_query_param(self.base_url, self.cursor_query_param, token)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.cursor_query_param:
                parameter["schema"].update(pattern=CURSOR_PATTERN, maxLength=30)
        return parameters
