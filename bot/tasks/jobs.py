"""What the clock does for tasks: a DM to the owner before the deadline, one when it becomes overdue, and a summary
of overdue tasks at 09:00 in the owner's own zone on working days while any remain. Each is a claimed reminder row
(bot.core.reminders), so it is sent once however many clocks run."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core import notify, people, reminders
from bot.core.i18n import t
from bot.core.notify import Notice
from bot.core.people import Person
from bot.tasks import rules, store, views
from storage.models import Reminder, Task


def _deliver(session: Session, reminder: Reminder, now: datetime, late: bool, headline_key: str) -> str | None:
    task = session.get(Task, reminder.subject_id)
    if task is None or task.status not in rules.OPEN_STATUSES or not task.owner_id \
            or task.owner_id != reminder.recipient_id:
        return "obsolete"

    def render(owner: Person) -> notify.Rendered:
        headline = t(headline_key, owner.locale) + (" " + t("reminder.late", owner.locale) if late else "")
        return views.task_card(task, now, owner.tz, owner.locale, headline=headline)

    notify.tell(session, task.team_id, [Notice(task.owner_id, render, dedupe_key=f"reminder:{reminder.id}")], now)
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
    if not reminder.recipient_id:
        return "obsolete"
    owner_id = reminder.recipient_id
    overdue_tasks = store.overdue_of(session, reminder.team_id, owner_id, now)
    if not overdue_tasks:
        return "obsolete"
    notify.tell(session, reminder.team_id, [Notice(
        owner_id, lambda owner: views.overdue_summary(overdue_tasks, now, owner.tz, owner.locale),
        dedupe_key=f"reminder:{reminder.id}")], now)
    schedule_summary(session, reminder.team_id, owner_id, now)
    return None


def schedule_summary(session: Session, team_id: str, owner_id: str | None, now: datetime) -> None:
    """The owner's next working-day 09:00 summary, once per local day."""
    if not owner_id:
        return
    owner = people.stored(session, team_id, owner_id)
    at = rules.next_working_morning(now, owner.tz)
    local_day = at.astimezone(ZoneInfo(owner.tz)).date().isoformat()
    reminders.schedule(session, team_id, "task.summary", at, f"summary:{team_id}:{owner_id}:{local_day}",
                       recipient_id=owner_id)
