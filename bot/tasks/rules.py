"""The rules of tasks, on plain values: what a title may be, who may change what, who hears about which change, when
a snoozed deadline lands and when the overdue summary goes out. No database, no Slack: table-driven tests cover them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.errors import UserError

OPEN_STATUSES = ("open", "blocked")
MAX_TITLE = 300
MAX_DESCRIPTION = 3000
DEFAULT_LEAD_MINUTES = 60
DEFAULT_DUE_TIME = "17:00"
MAX_LEAD_MINUTES = 7 * 24 * 60
SUMMARY_AT = time(9, 0)
LIST_SCOPES = ("mine", "overdue", "done", "all")


def clean_title(title: str) -> str:
    """One line, single spaces, within the limit; a problem is a UserError naming it."""
    title = " ".join(title.split())
    if not title:
        raise UserError("task.no_title")
    if len(title) > MAX_TITLE:
        raise UserError("task.title_too_long", limit=MAX_TITLE, length=len(title))
    return title


def check_description(text: str) -> str:
    if len(text) > MAX_DESCRIPTION:
        raise UserError("task.description_too_long", limit=MAX_DESCRIPTION, length=len(text))
    return text


def check_progress(percent: int) -> int:
    if not 0 <= percent <= 100:
        raise UserError("task.bad_progress")
    return percent


def check_lead(minutes: int) -> int:
    if not 0 <= minutes <= MAX_LEAD_MINUTES:
        raise UserError("task.settings.bad_lead")
    return minutes


# Who may change what. A task is an agreement between whoever asked for the work (its creator) and whoever does it
# (its owner), with managers over both. Watchers (the other people named) work on it too, so they may report on it —
# mark it done, reopen it, say it is blocked, give its progress, split it into subtasks — but not change what was
# agreed: what it is, who owns it, when it is due, or whether it exists. Everyone else may read it, not change it.
STATUS = "status"  # done, reopen, progress, block, subtasks
TERMS = "terms"    # title, description, owner, deadline (snooze too), delete
REFUSALS = {STATUS: "task.status_not_allowed", TERMS: "task.terms_not_allowed"}


def may_change(kind: str, actor_id: str, *, creator_id: str, owner_id: str | None,
               watcher_ids: Iterable[str] = (), actor_is_manager: bool) -> bool:
    """`kind` is STATUS or TERMS: the creator, the owner and managers may make either; watchers only STATUS."""
    if actor_is_manager or actor_id in (creator_id, owner_id):
        return True
    return kind == STATUS and actor_id in set(watcher_ids)


def others(people: Iterable[str | None], actor_id: str) -> tuple[str, ...]:
    """Everyone named, each once, except whoever made the change (they see it in their reply)."""
    return tuple(user for user in dict.fromkeys(people) if user and user != actor_id)


def told_when_blocked(pms: list[str], *, creator_id: str, owner_id: str | None,
                      actor_id: str) -> tuple[str, ...]:
    """A block goes to the project managers; with none named, to the creator and the owner instead."""
    if pms:
        return tuple(pms)
    return others([creator_id, owner_id], actor_id)


def snoozed(due_at: datetime, now: datetime, tz: str, days: int = 1) -> datetime:
    """`days` later on the wall clock of `tz` (5 pm stays 5 pm across DST); an overdue deadline moves to the first
    such day still ahead."""
    due = due_at.astimezone(ZoneInfo(tz)) + timedelta(days=days)
    while due <= now:
        due += timedelta(days=1)
    return due.astimezone(UTC)


def next_working_morning(now: datetime, tz: str) -> datetime:
    """The next 09:00 on a Monday–Friday in `tz`, strictly after `now` (when the overdue summary goes out)."""
    zone = ZoneInfo(tz)
    day = now.astimezone(zone).date()
    while True:
        candidate = datetime.combine(day, SUMMARY_AT, zone)
        if candidate.weekday() < 5 and candidate.astimezone(UTC) > now:
            return candidate.astimezone(UTC)
        day += timedelta(days=1)


def urgency(due_at: datetime | None, now: datetime, tz: str) -> str:
    """Where a task sits on its owner's App Home: overdue, today, this_week or later (no deadline is later)."""
    if due_at is None:
        return "later"
    if due_at < now:
        return "overdue"
    local = now.astimezone(ZoneInfo(tz))
    end_of_today = (local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)).astimezone(UTC)
    if due_at < end_of_today:
        return "today"
    if due_at < end_of_today + timedelta(days=6 - local.weekday()):
        return "this_week"
    return "later"
