"""Time zones and plain calendar arithmetic, shared by deadlines, meeting schedules and the features that show them.

Why one place: every reader of a time must agree on two rules, or a meeting and a deadline typed the same way
would land an hour apart.  An unknown zone name means UTC (never an error: the name comes from Slack or a user),
and a naive local wall time becomes UTC by zoneinfo with fold=0 -- a time in a spring-forward gap moves forward
by the gap, an ambiguous time takes its first occurrence.  The date helpers work on naive local dates.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

__all__ = ["add_months", "business_days", "last_day", "local_to_utc", "monday", "zone"]


@lru_cache(maxsize=256)
def _zone(tz: str) -> ZoneInfo | timezone:
    try:
        return ZoneInfo(tz)
    except Exception:  # noqa: BLE001 - unknown name, bad path, odd type: fall back to UTC
        return UTC


def zone(tz: str) -> ZoneInfo | timezone:
    """The zone for an IANA name; UTC for an unknown name, as deadlines do."""
    return _zone(tz) if isinstance(tz, str) else UTC


def local_to_utc(wall: datetime, tz: str) -> datetime:
    """Naive local wall time -> aware UTC, by the deadline rule (fold=0): a time in a
    spring-forward gap moves forward by the gap, an ambiguous time takes its first occurrence."""
    return wall.replace(tzinfo=zone(tz), fold=0).astimezone(UTC)


def last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return date(y, m + 1, min(d.day, last_day(y, m + 1)))


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def business_days(d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d
