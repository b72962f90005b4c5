"""How task reminders are delivered: a DM to the owner before the deadline, and once when it becomes overdue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot import outbox, people, reminders
from bot.i18n import t
from bot.views import tasks as views
from storage.models import Reminder, Task


def _deliver(session: Session, reminder: Reminder, now: datetime, late: bool, headline_key: str) -> str | None:
    task = session.get(Task, reminder.subject_id)
    if task is None or task.status not in ("open", "blocked") or task.owner_id != reminder.recipient_id:
        return "obsolete"
    owner = people.stored(session, task.team_id, task.owner_id, "UTC")
    headline = t(headline_key, owner.locale)
    if late:
        headline += " " + t("reminder.late", owner.locale)
    text, blocks = views.task_card(task, now, owner.tz, owner.locale, headline=headline)
    outbox.post(session, task.team_id, task.owner_id, text, now, blocks=blocks,
                dedupe_key=f"reminder:{reminder.id}")
    return None


@reminders.kind("task.before")
def before_deadline(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    return _deliver(session, reminder, now, late, "task.reminder.before")


@reminders.kind("task.overdue")
def overdue(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    return _deliver(session, reminder, now, late, "task.reminder.overdue")
