"""Task reminders: a DM to the owner before the deadline, one when it becomes overdue, and a summary of overdue
tasks at 09:00 in the owner's own zone on working days while any remain."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot import outbox, people, reminders
from bot.i18n import t
from bot.tasks import OPEN_STATUSES, overdue_of
from bot.views import tasks as views
from storage.models import Reminder, Task

SUMMARY_AT = time(9, 0)


def _deliver(session: Session, reminder: Reminder, now: datetime, late: bool, headline_key: str) -> str | None:
    task = session.get(Task, reminder.subject_id)
    if task is None or task.status not in OPEN_STATUSES or task.owner_id != reminder.recipient_id:
        return "obsolete"
    owner = people.stored(session, task.team_id, task.owner_id)
    headline = t(headline_key, owner.locale)
    if late:
        headline += " " + t("reminder.late", owner.locale)
    text, blocks = views.task_card(task, now, owner.tz, owner.locale, headline=headline)
    outbox.post(session, task.team_id, task.owner_id, text, now, blocks=blocks, dedupe_key=f"reminder:{reminder.id}")
    return None


@reminders.kind("task.before")
def before_deadline(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    return _deliver(session, reminder, now, late, "task.reminder.before")


@reminders.kind("task.overdue")
def overdue(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    outcome = _deliver(session, reminder, now, late, "task.reminder.overdue")
    if outcome is None:
        schedule_summary(session, reminder.team_id, reminder.recipient_id, now)
    return outcome


def _summary_skipped(session: Session, reminder: Reminder, now: datetime) -> None:
    schedule_summary(session, reminder.team_id, reminder.recipient_id, now)


@reminders.kind("task.summary", on_skip=_summary_skipped)
def daily_summary(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    owner = people.stored(session, reminder.team_id, reminder.recipient_id)
    overdue_tasks = overdue_of(session, reminder.team_id, owner.user_id, now)
    if not overdue_tasks:
        return "obsolete"
    lines = [views.task_line(task, now, owner.tz, owner.locale) for task in overdue_tasks[:20]]
    heading = t("task.summary.heading", owner.locale, count=len(overdue_tasks))
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{heading}*"}}]
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": line},
                "accessory": views.button(t("btn.done", owner.locale), "task.done", str(task.number))}
               for line, task in zip(lines, overdue_tasks, strict=False)]
    outbox.post(session, reminder.team_id, owner.user_id, heading + "\n" + "\n".join(lines), now, blocks=blocks,
                dedupe_key=f"reminder:{reminder.id}")
    schedule_summary(session, reminder.team_id, owner.user_id, now)
    return None


def next_working_morning(now: datetime, tz: str) -> datetime:
    """The next 09:00 on a Monday–Friday in `tz`, strictly after `now`."""
    zone = ZoneInfo(tz)
    day = now.astimezone(zone).date()
    while True:
        candidate = datetime.combine(day, SUMMARY_AT, zone)
        if candidate.weekday() < 5 and candidate.astimezone(UTC) > now:
            return candidate.astimezone(UTC)
        day += timedelta(days=1)


def schedule_summary(session: Session, team_id: str, owner_id: str | None, now: datetime) -> None:
    if not owner_id:
        return
    owner = people.stored(session, team_id, owner_id)
    at = next_working_morning(now, owner.tz)
    local_day = at.astimezone(ZoneInfo(owner.tz)).date().isoformat()
    reminders.schedule(session, team_id, "task.summary", at, f"summary:{team_id}:{owner_id}:{local_day}",
                       recipient_id=owner_id)
