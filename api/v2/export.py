"""Provides the NDJSON export: one v2 order per line, streamed from a server-side cursor."""

from rest_framework.renderers import BaseRenderer

from api.renderers import OrjsonRenderer

# Orders read per round trip of the cursor; their lines are prefetched per chunk.
CHUNK_SIZE = 500


class NdjsonRenderer(BaseRenderer):
    """Declares application/x-ndjson for content negotiation; the export streams its own bytes."""

    media_type = "application/x-ndjson"
    format = "ndjson"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return OrjsonRenderer().render(data) + b"\n" if data is not None else b""


def ndjson_lines(orders, serializer_class):
    """Yields the orders as NDJSON, one chunk of lines at a time, oldest first.

    `iterator(chunk_size=…)` reads through a server-side cursor on PostgreSQL and runs
    the queryset's prefetches per chunk, so memory holds one chunk, whatever the total.
    """
    renderer, chunk_size = OrjsonRenderer(), CHUNK_SIZE
    chunk = []
    for order in orders.order_by("id").iterator(chunk_size=chunk_size):
        chunk.append(order)
        if len(chunk) == chunk_size:
            yield ndjson(chunk, serializer_class, renderer)
            chunk = []
    if chunk:
        yield ndjson(chunk, serializer_class, renderer)


def ndjson(orders: list, serializer_class, renderer) -> bytes:
    """One chunk of orders, serialized together as a list would be, one JSON document a line."""
    return b"".join(renderer.render(order) + b"\n" for order in serializer_class(orders, many=True).data)
