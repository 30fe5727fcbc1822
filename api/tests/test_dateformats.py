"""Only YYYY-MM-DD and RFC 3339 date-times are accepted as dates."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from api.dateformats import parse_instant

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-14", datetime(2024, 3, 14, tzinfo=PARIS)),
        ("2024-03-14T13:27:36", datetime(2024, 3, 14, 13, 27, 36, tzinfo=PARIS)),
        ("2024-03-14T13:27:36Z", datetime(2024, 3, 14, 13, 27, 36, tzinfo=UTC)),
        ("2024-03-14t13:27:36z", datetime(2024, 3, 14, 13, 27, 36, tzinfo=UTC)),
        ("2024-03-14T13:27:36.5Z", datetime(2024, 3, 14, 13, 27, 36, 500000, tzinfo=UTC)),
        (
            "2024-03-14T13:27:36+05:30",
            datetime(2024, 3, 14, 13, 27, 36, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        ),
        ("2024-03-14T13:27:36-00:00", datetime(2024, 3, 14, 13, 27, 36, tzinfo=UTC)),
    ],
)
def test_accepted_formats(text, expected):
    assert parse_instant(text, tz=PARIS) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1" * 60,
        "20240314",
        "2024-3-14",
        "2024-03-14 13:27:36",
        "2024-03-14T13:27",
        "2024-03-14T13:27:36+0100",
        "2024-03-14T13:27:36+24:00",
        "2024-02-30",
        "2024-03-14T25:00:00",
        "２０２４-03-14",
        "2024-03-14T13:27:36Z ",
        "2024-W11-4",
    ],
)
def test_refused_formats(text):
    assert parse_instant(text, tz=PARIS) is None


# Found by schemathesis: valid RFC 3339 date-times whose UTC instant falls outside years
# 1-9999 were a 400; every order lies within, so the calendar's bound filters the same.
@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("9999-12-31T23:59:59-23:59", datetime.max.replace(tzinfo=UTC)),
        ("0001-01-01T00:00:00+23:59", datetime.min.replace(tzinfo=UTC)),
        ("0001-01-01T00:00:00+01:00", datetime.min.replace(tzinfo=UTC)),
    ],
)
def test_instants_beyond_the_calendar_are_its_bounds(text, bound):
    assert parse_instant(text, tz=PARIS) == bound
