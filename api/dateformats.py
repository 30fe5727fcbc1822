"""Strict parsing of the date formats the API accepts: YYYY-MM-DD and RFC 3339 date-times.

`datetime.fromisoformat` is deliberately not used: it accepts strings that are not
ISO 8601 at all (sixty "1"s parse as a date), and would let them through as filters.
"""

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

DATE_FORMAT_HELP = "Use YYYY-MM-DD or an RFC 3339 date-time such as 2024-03-14T13:27:36Z or 2024-03-14T13:27:36+01:00."

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z", re.ASCII)
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))?\Z",
    re.ASCII,
)


def parse_instant(value: str, *, tz: ZoneInfo | None = None) -> datetime | None:
    """Return the instant `value` names, in UTC, or None if it is not in an accepted format.

    A bare date is 00:00 of that day, and a date-time without an offset is read,
    in `tz` (default: the current time zone, i.e. the shop's TIME_ZONE).
    """
    tz = tz or timezone.get_current_timezone()
    try:
        if match := _DATE.match(value):
            day = date(*(int(part) for part in match.groups()))
            instant = datetime.combine(day, time.min, tzinfo=tz)
        elif match := _DATETIME.match(value):
            instant = _datetime_from_match(match, tz)
        else:
            return None
    except ValueError:  # well-formed but impossible: 2024-02-30, 25:00, an offset of 24:00
        return None
    # In UTC: the database compares in UTC, cannot store year 0 or 10000, and
    # PostgreSQL refuses offsets past ±15:59 that RFC 3339 allows (up to ±23:59).
    try:
        return instant.astimezone(UTC)
    except OverflowError:
        # A valid RFC 3339 instant before year 1 or after 9999 in UTC (0001-01-01T00:00+01:00):
        # no order is older or newer, so the calendar's own bound filters the same.
        return (datetime.min if instant.year == 1 else datetime.max).replace(tzinfo=UTC)


def _datetime_from_match(match: re.Match, tz: ZoneInfo) -> datetime:
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    microsecond = int((fraction or "0")[:6].ljust(6, "0"))
    naive = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), microsecond)
    if zulu:
        return naive.replace(tzinfo=ZoneInfo("UTC"))
    if sign:
        if int(off_h) > 23 or int(off_m) > 59:
            raise ValueError("offset out of range")
        offset = datetime.strptime(f"{sign}{off_h}{off_m}", "%z").tzinfo
        return naive.replace(tzinfo=offset)
    return timezone.make_aware(naive, tz)
