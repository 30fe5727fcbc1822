"""Provides v2's cursor pagination: an envelope {"next", "previous", "results"}, oldest first."""

import re
from datetime import UTC, datetime, timedelta

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.utils.urls import replace_query_param

from api.pagination import SettingsPageSizeMixin

INVALID_CURSOR = "is not a cursor of this API: follow the `next` and `previous` URLs as they are."

# A cursor is readable, so that the schema can say exactly which ones the API takes
# (DRF's base64 is opaque: most base64 strings are not cursors): "n" (next: after)
# or "p" (previous: before), the position it points at, and an offset ("o3") when DRF
# needs one. A position is an id, or with ?updated_after= an updated_at in
# microseconds since 1970 (UTC): digits either way, so every string of this shape is
# served whichever order the list is in; ids fit PostgreSQL's bigint.
CURSOR_PATTERN = r"^[np](?:[0-9]{1,18})?(?:o[0-9]{1,9})?$"
_CURSOR = re.compile(r"([np])([0-9]{1,18})?(?:o([0-9]{1,9}))?\Z", re.ASCII)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The last instant the databases store: a larger position points past every order.
LAST_INSTANT = datetime.max.replace(tzinfo=UTC)
LAST_POSITION = (LAST_INSTANT - EPOCH) // timedelta(microseconds=1)


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
        # Literal tuples: DRF stores the answer in self.ordering, and a conditional GET
        # pages twice with one paginator (the ETag's rows, then the body's).
        if self.sync_parameter in request.query_params:
            return ("updated_at", "id")
        return ("id",)

    def decode_cursor(self, request):
        # DRF sets self.ordering (get_ordering) before it decodes the cursor.
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        match = _CURSOR.match(encoded)
        if match is None:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        direction, position, offset = match.groups()
        if position is not None and self._by_time():
            position = str(EPOCH + timedelta(microseconds=min(int(position), LAST_POSITION)))
        return Cursor(offset=min(int(offset or 0), self.offset_cutoff), reverse=direction == "p", position=position)

    def encode_cursor(self, cursor):
        position = cursor.position
        if position is not None and self._by_time():
            position = str((datetime.fromisoformat(position) - EPOCH) // timedelta(microseconds=1))
        token = ("p" if cursor.reverse else "n") + (position or "")
        if cursor.offset:
            token += f"o{cursor.offset}"
        return replace_query_param(self.base_url, self.cursor_query_param, token)

    def _by_time(self) -> bool:
        return self.ordering[0] == "updated_at"

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.cursor_query_param:
                parameter["schema"].update(pattern=CURSOR_PATTERN, maxLength=30)
        return parameters
