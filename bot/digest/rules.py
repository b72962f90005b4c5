"""When the digest goes out and what it covers, on plain values: a weekly (or daily) time read in each recipient's
own zone, a seven-day period ending at the delivery, and a daily re-plan. No database, no Slack: table-driven
tests cover them.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from bot.text.recurrence import Recurrence, next_occurrence

PERIOD = timedelta(days=7)
DEFAULT_RULE: dict[str, Any] = {"weekdays": [0], "hour": 9, "minute": 0}  # Monday 09:00
REPLAN_AT = time(0, 5)  # UTC, every day: the schedule follows who the managers are and their zones


def rule_of(stored: dict[str, Any] | None) -> dict[str, Any]:
    """The team's delivery time (weekdays, hour, minute); a team that never chose one gets Monday 09:00."""
    return stored or DEFAULT_RULE


def next_send(rule: dict[str, Any], tz: str, after: datetime) -> datetime:
    """The first delivery strictly after `after`, at the rule's wall-clock time in `tz`."""
    recurrence = Recurrence(freq="weekly", hour=rule["hour"], minute=rule["minute"], tz=tz,
                            weekdays=tuple(rule["weekdays"]))
    found = next_occurrence(recurrence, after)
    assert found is not None  # a weekly rule with at least one weekday always recurs
    return found


def next_replan(now: datetime) -> datetime:
    """Tomorrow's re-plan, a few minutes after midnight UTC."""
    tomorrow = now.astimezone(UTC).date() + timedelta(days=1)
    return datetime.combine(tomorrow, REPLAN_AT, UTC)


def period(end: datetime) -> tuple[datetime, datetime]:
    """The half-open [start, end) a digest delivered at `end` reports on."""
    return end - PERIOD, end
