"""What the English and the Chinese deadline grammars share: the request, the result of a match, and the readings
both languages make the same way.

Why not in ``deadlines``: that module runs both grammars, so what they both need has to sit below all three or
the imports would go round in a circle.

Reasoning happens in the speaker's wall time (``now`` converted to ``tz``; an unknown zone means UTC); the wall
time is then localised with zoneinfo (fold=0: a time in a spring-forward gap moves forward by the gap, an
ambiguous time takes its first occurrence) and returned in UTC.  Readings shared by both languages: hours without
am/pm are working hours (``clock_time``); a weekday means the next such day, today while its time is still ahead
(``upcoming``); a month/day already past this year means next year (``month_day``); a day of month already past
means next month (``day_of_month``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.text.zones import add_months, last_day, monday, zone

__all__ = [
    "END_OF_DAY",
    "Ctx",
    "Hit",
    "Result",
    "clock_time",
    "day_of_month",
    "finish",
    "friday",
    "groups",
    "month_day",
    "safely",
    "upcoming",
]

END_OF_DAY = time(23, 59)


class Ctx:
    """One request: the speaker's zone, local 'now' and the team default time."""

    __slots__ = ("default", "now", "now_l", "today", "zone")

    def __init__(self, now: datetime, tz: str, default_time: time) -> None:
        if now.tzinfo is None or now.utcoffset() is None:
            now = now.replace(tzinfo=UTC)
        self.zone = zone(tz)
        self.now = now.astimezone(UTC)
        self.now_l = now.astimezone(self.zone).replace(tzinfo=None)
        self.today = self.now_l.date()
        self.default = default_time.replace(tzinfo=None)

    def utc(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.zone, fold=0).astimezone(UTC)

    def ahead(self, d: date, tod: time) -> bool:
        return self.utc(datetime.combine(d, tod)) > self.now


# ---------------------------------------------------------------------------
# Calendar readings (all on naive local dates).


def upcoming(ctx: Ctx, wd: int, tod: time) -> date:
    d = ctx.today + timedelta(days=(wd - ctx.today.weekday()) % 7)
    return d if ctx.ahead(d, tod) else d + timedelta(days=7)


def month_day(ctx: Ctx, m: int, d: int, year: int | None) -> date | None:
    """Month/day; without a year a date already past this year means next year."""
    if year is not None:
        return date(year, m, d) if 1 <= m <= 12 and 1 <= d <= last_day(year, m) else None
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    for y in range(ctx.today.year, ctx.today.year + 9):  # 9 years always reach a 29 Feb
        if d <= last_day(y, m) and date(y, m, d) >= ctx.today:
            return date(y, m, d)
    return None


def day_of_month(ctx: Ctx, d: int) -> date | None:
    """5号 / "the 5th": this month, or the next month that has that day once past."""
    first = ctx.today.replace(day=1)
    for k in range(13):
        mth = add_months(first, k)
        if d <= last_day(mth.year, mth.month) and mth.replace(day=d) >= ctx.today:
            return mth.replace(day=d)
    return None


def friday(ctx: Ctx, weeks_ahead: int, tod: time, roll: bool) -> date:
    d = monday(ctx.today) + timedelta(days=4 + 7 * weeks_ahead)
    return d + timedelta(days=7) if roll and not ctx.ahead(d, tod) else d


def clock_time(h: int, pod: str | None, literal: bool) -> time | None:
    """Hour without am/pm -> time, using the part of day or working hours."""
    if pod in ("afternoon", "evening", "night", "late"):
        if h == 12 and pod in ("evening", "night", "late"):
            return END_OF_DAY
        if h < 12:
            h += 12
    elif pod == "noon":
        if h <= 2:
            h += 12
    elif pod in ("morning", "early"):
        if h == 12:
            h = 0 if pod == "early" else 12
    elif not literal and 1 <= h <= 6:
        h += 12
    return time(h, 0) if 0 <= h <= 23 else None


# ---------------------------------------------------------------------------
# Results.  An evaluation returns (due in UTC, date_only) or None.

Result = tuple[datetime, bool]


def finish(ctx: Ctx, d: date, tod: time, date_only: bool) -> Result:
    return ctx.utc(datetime.combine(d, tod)), date_only


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    result: Result
    marked: bool
    strong: bool
    needs_mark: bool


def groups(m: re.Match[str]) -> dict[str, str]:
    return {k: v for k, v in m.groupdict().items() if v is not None}


def safely(evaluate: Callable[[dict[str, str], Ctx], Result | None], g: dict[str, str], ctx: Ctx) -> Result | None:
    """One unreadable candidate (a date past year 9999) must not sink the others."""
    try:
        return evaluate(g, ctx)
    except (OverflowError, ValueError):
        return None
