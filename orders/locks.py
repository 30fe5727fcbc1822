"""The lock that makes order changes commit in the order of the ids and times they take."""

from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Max, Subquery
from django.utils import timezone

from .models import Order

# Any constant: the key of the PostgreSQL advisory lock that orders placements and events.
ORDER_NUMBER_LOCK = 7_261_001


def take_the_next_order_number() -> None:
    """Make orders and events commit in the order of their ids and dates.

    Partners sync by walking ids (API v2's cursor), dates (`created_after`) or
    `updated_at` (`updated_after`), and events by their ids: a row
    whose id was taken before another's but that committed after it would be
    skipped. On PostgreSQL a transaction-scoped lock, held until commit, serializes
    the short rest of each change; SQLite already allows one writer at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ORDER_NUMBER_LOCK])


# updated_at strictly increases from one change to the next, even within a clock tick.
TICK = timedelta(microseconds=1)


def lock_order_changes() -> datetime:
    """Take the lock, then return the time of this change: later than every committed `updated_at`.

    The time is read after the lock is held, so changes commit in the order of
    their `updated_at` too (partners sync by it with `updated_after`), even if the
    clock stepped back.
    """
    take_the_next_order_number()
    return _after(Order.objects.aggregate(last=Max("updated_at"))["last"])


def lock_for_a_new_order() -> tuple[datetime, int]:
    """lock_order_changes(), and the position of the order about to be placed: one after the last.

    Read in the same query as the time (both from an index), under the same lock: the
    new order's id and position are both the next, so positions follow ids with no gap.
    """
    take_the_next_order_number()
    # Two scalar subqueries, not MAX(updated_at), MAX(position) in one SELECT: SQLite reads
    # a lone MIN/MAX from an index but scans the table for two.
    latest = Order.objects.order_by("-updated_at").values("updated_at")[:1]
    last_numbered = Order.objects.order_by("-position").values("position")[:1]
    row = Order.objects.values(latest=Subquery(latest), last_position=Subquery(last_numbered))[:1]
    last, position = next(((r["latest"], r["last_position"]) for r in row), (None, 0))
    return _after(last), position + 1


def _after(last: datetime | None) -> datetime:
    now = timezone.now()
    return now if last is None or now > last else last + TICK
