"""The lock that makes order changes commit in the order of the ids and times they take."""

from django.db import connection

# Any constant: the key of the PostgreSQL advisory lock that orders placements and events.
ORDER_NUMBER_LOCK = 7_261_001


def take_the_next_order_number() -> None:
    """Make orders and events commit in the order of their ids and dates.

    Partners sync by walking ids (API v2's cursor) or dates (`created_after`): a row
    whose id was taken before another's but that committed after it would be
    skipped. On PostgreSQL a transaction-scoped lock, held until commit, serializes
    the short rest of each change; SQLite already allows one writer at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ORDER_NUMBER_LOCK])
