"""Meeting schedules as data: the ``Recurrence`` value and its occurrences.

Why not a cron trigger: a meeting is "every Monday 10am" in its creator's zone and must stay at 10:00 on
the wall clock across DST; it may run every 2 weeks from a given week, on the 31st (the 30th in a 30-day
month, the last day in February), or on the last Friday.  Cron has no phase or "last" and APScheduler 3
counts weekday 0 as Monday where cron counts Sunday, an easy off-by-one.  So a schedule is plain data
(Recurrence, stored as JSON, weekdays 0 = Monday as in ``date.weekday()``) and the next occurrence is
computed here: a local date, combined with the wall time, localised by the deadline rule of ``bot.text.zones``
(fold=0: a time in a spring-forward gap moves forward by the gap, an ambiguous time takes its first
occurrence), in UTC.  Every scan is bounded (a few weeks, at most 60 candidate months), so next_occurrence is
microseconds.

anchor = local date of the first occurrence; nothing occurs before it, and intervals count from it (weeks
from its Monday, months from its month).  Why apart from the grammar (``bot.text.rules``) and the words
(``bot.text.describe``): the scheduler and the views compute occurrences of stored rules and need neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.text.zones import local_to_utc, zone

__all__ = [
    "FREQS",
    "MAX_INTERVAL",
    "WEEKDAYS",
    "Recurrence",
    "instant",
    "next_local_and_utc",
    "next_occurrence",
    "occurrences",
]

FREQS = ("once", "daily", "weekly", "monthly")
MAX_INTERVAL = {"once": 1, "daily": 365, "weekly": 52, "monthly": 12}
WEEKDAYS = (0, 1, 2, 3, 4)  # Monday to Friday: "weekdays", 工作日


@dataclass(frozen=True)
class Recurrence:
    freq: str  # "once" | "daily" | "weekly" | "monthly"
    hour: int
    minute: int
    tz: str  # IANA zone it is interpreted in
    interval: int = 1  # every N days / weeks / months
    weekdays: tuple[int, ...] = ()  # weekly: days 0=Mon..6=Sun (sorted, unique); monthly-by-weekday: one day
    nth: int | None = None  # monthly by weekday: 1..5, or -1 for the last one
    month_day: int | None = None  # monthly by date: 1..31 (clamped to the month's last day), or -1 = last day
    anchor: str | None = None  # ISO local date of the first occurrence (phase for interval > 1)
    once_at: str | None = None  # freq "once": ISO UTC instant

    def __post_init__(self) -> None:
        if isinstance(self.weekdays, list | tuple) and all(_is_int(d) for d in self.weekdays):
            object.__setattr__(self, "weekdays", tuple(sorted(set(self.weekdays))))
        problem = _problem(self)
        if problem:
            raise ValueError(f"invalid Recurrence: {problem}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe, for storage."""
        return {
            "freq": self.freq, "hour": self.hour, "minute": self.minute, "tz": self.tz,
            "interval": self.interval, "weekdays": list(self.weekdays), "nth": self.nth,
            "month_day": self.month_day, "anchor": self.anchor, "once_at": self.once_at,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recurrence:
        """The inverse of to_dict; missing optional keys take their defaults, unknown keys are ignored.

        Raises ValueError for data that is not a valid recurrence.
        """
        if not isinstance(data, dict):
            raise ValueError("invalid Recurrence: not a dict")
        try:
            return cls(
                freq=data["freq"], hour=data["hour"], minute=data["minute"], tz=data["tz"],
                interval=data.get("interval", 1), weekdays=tuple(data.get("weekdays") or ()),
                nth=data.get("nth"), month_day=data.get("month_day"), anchor=data.get("anchor"),
                once_at=data.get("once_at"),
            )  # fmt: skip
        except (KeyError, TypeError) as exc:
            raise ValueError(f"invalid Recurrence: {exc!r}") from None


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _problem(r: Recurrence) -> str | None:
    if r.freq not in FREQS:
        return f"freq {r.freq!r}"
    if not (_is_int(r.hour) and 0 <= r.hour <= 23 and _is_int(r.minute) and 0 <= r.minute <= 59):
        return "hour/minute"
    if not isinstance(r.tz, str) or not isinstance(zone(r.tz), ZoneInfo):
        return f"tz {r.tz!r}"
    if not (_is_int(r.interval) and 1 <= r.interval <= MAX_INTERVAL[r.freq]):
        return f"interval {r.interval!r}"
    if not isinstance(r.weekdays, tuple) or not all(_is_int(d) and 0 <= d <= 6 for d in r.weekdays):
        return "weekdays"
    if r.anchor is not None:
        try:
            date.fromisoformat(r.anchor)
        except (TypeError, ValueError):
            return f"anchor {r.anchor!r}"
    elif r.interval > 1:
        return "an interval needs an anchor"
    if r.freq == "once":
        if r.once_at is None or instant(r.once_at) is None:
            return f"once_at {r.once_at!r}"
    elif r.once_at is not None:
        return "once_at is for freq 'once'"
    if r.freq == "monthly":
        if (r.nth is None) == (r.month_day is None):
            return "monthly needs exactly one of nth, month_day"
        if r.nth is not None and (r.nth not in (1, 2, 3, 4, 5, -1) or not _is_int(r.nth) or len(r.weekdays) != 1):
            return "nth must be 1..5 or -1, with one weekday"
        if r.month_day is not None and (
            not _is_int(r.month_day) or not (1 <= r.month_day <= 31 or r.month_day == -1) or r.weekdays
        ):
            return "month_day must be 1..31 or -1, without weekdays"
        return None
    if r.nth is not None or r.month_day is not None:
        return "nth/month_day are for freq 'monthly'"
    if r.freq == "weekly" and not r.weekdays:
        return "weekly needs weekdays"
    if r.freq in ("daily", "once") and r.weekdays:
        return f"weekdays are not for freq {r.freq!r}"
    return None


def instant(s: object) -> datetime | None:
    """An ISO instant with an offset, in UTC; None for anything else (a naive time, a bad string)."""
    try:
        dt = datetime.fromisoformat(s)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return dt.astimezone(UTC) if dt.tzinfo is not None and dt.utcoffset() is not None else None


# ---------------------------------------------------------------------------
# Occurrences.


def next_occurrence(rec: Recurrence, after: datetime) -> datetime | None:
    """The first occurrence strictly after `after` (aware, any zone; naive means UTC), as aware UTC.

    None when there is none: a past one-off, or (rarely) no such day within the scan bound.
    """
    found = next_local_and_utc(rec, after)
    return None if found is None else found[1]


def occurrences(rec: Recurrence, after: datetime, count: int) -> list[datetime]:
    """The next `count` occurrences strictly after `after`, aware UTC."""
    out: list[datetime] = []
    for _ in range(max(0, min(count, 10_000))):
        found = next_occurrence(rec, after)
        if found is None:
            break
        out.append(found)
        after = found
    return out


def next_local_and_utc(rec: Recurrence, after: datetime) -> tuple[date, datetime] | None:
    """(local date, UTC instant) of the first occurrence after `after`."""
    if after.tzinfo is None or after.utcoffset() is None:
        after = after.replace(tzinfo=UTC)
    try:
        if rec.freq == "once":
            at = instant(rec.once_at)
            if at is None or at <= after:
                return None
            return at.astimezone(zone(rec.tz)).date(), at
        # Start a day early: near a DST change wall-clock order and UTC order can differ by an hour.
        lo = after.astimezone(zone(rec.tz)).date() - timedelta(days=1)
        anchor = date.fromisoformat(rec.anchor) if rec.anchor else None
        if anchor is not None and anchor > lo:
            lo = anchor
        scan = {"daily": _daily, "weekly": _weekly, "monthly": _monthly}[rec.freq]
        for d in scan(rec, lo, anchor):
            at = _at(rec, d)
            if at > after:
                return d, at
        return None
    except (OverflowError, ValueError):  # past year 9999
        return None


def _at(rec: Recurrence, d: date) -> datetime:
    return local_to_utc(datetime.combine(d, time(rec.hour, rec.minute)), rec.tz)


def _daily(rec: Recurrence, lo: date, anchor: date | None):
    n = rec.interval
    d = lo + timedelta(days=(anchor - lo).days % n) if anchor is not None else lo
    for _ in range(6):  # lo is a day before `after`: three steps always pass it
        yield d
        d += timedelta(days=n)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _weekly(rec: Recurrence, lo: date, anchor: date | None):
    n = rec.interval
    week = _monday(lo)
    if anchor is not None and n > 1:
        week += timedelta(weeks=(-((week - _monday(anchor)).days // 7)) % n)
    for _ in range(4):
        for wd in rec.weekdays:
            d = week + timedelta(days=wd)
            if d >= lo:
                yield d
        week += timedelta(weeks=n)


def _monthly(rec: Recurrence, lo: date, anchor: date | None):
    n = rec.interval
    index = lo.year * 12 + lo.month - 1
    if anchor is not None and n > 1:
        index += (anchor.year * 12 + anchor.month - 1 - index) % n
    for _ in range(60):  # a 5th weekday every 12 months can be 28 years away (Feb 29 on that weekday)
        year, month = divmod(index, 12)
        d = _day_in_month(rec, year, month + 1)
        if d is not None and d >= lo:
            yield d
        index += n


def _last_day(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def _day_in_month(rec: Recurrence, year: int, month: int) -> date | None:
    last = _last_day(year, month)
    if rec.month_day is not None:
        return date(year, month, last if rec.month_day == -1 else min(rec.month_day, last))
    wd, nth = rec.weekdays[0], rec.nth or 1
    if nth == -1:
        return date(year, month, last - (date(year, month, last).weekday() - wd) % 7)
    day = 1 + (wd - date(year, month, 1).weekday()) % 7 + 7 * (nth - 1)
    return date(year, month, day) if day <= last else None
