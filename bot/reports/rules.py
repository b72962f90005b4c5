"""The rules of reports, on plain values: which periods `/report kpi` knows, where they start and end in the
asker's zone, what "since Monday" means, and which CSV cells a spreadsheet would run. Table-driven tests cover
them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.digest.kpi import including

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text, never runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def in_the_past(when: datetime, now: datetime) -> datetime:
    """Dates are read preferring the future; "since Monday" / "since Nov 1" mean the last one instead."""
    if when <= now:
        return when
    if when - now <= timedelta(days=7):
        return when - timedelta(days=7)
    try:
        return when.replace(year=when.year - 1)
    except ValueError:  # 29 February
        return when.replace(year=when.year - 1, day=28)


def period(name: str | None, now: datetime, tz: str) -> tuple[datetime, datetime]:
    """[start, end) of a named period in `tz`: this week (Monday 00:00 → now), last week, this month, last month;
    None is the last seven days. A period that runs to now includes this very moment."""
    local = now.astimezone(ZoneInfo(tz))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    monday = midnight - timedelta(days=local.weekday())
    first = midnight.replace(day=1)
    if name == "this_week":
        return monday, including(now)
    if name == "last_week":
        return monday - timedelta(days=7), monday
    if name == "this_month":
        return first, including(now)
    if name == "last_month":
        return (first - timedelta(days=1)).replace(day=1), first
    return now - timedelta(days=7), including(now)
