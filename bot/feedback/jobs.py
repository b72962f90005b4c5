"""What the clock does for feedback: deliver what is new to the managers, named items every two minutes and
anonymous ones at the fixed four-hourly boundaries (bot.feedback.rules). Each delivery is a claimed reminder row
(bot.core.reminders), so it happens once however many clocks run; one missed during an outage is not lost."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import notify, reminders
from bot.feedback import notices, store
from bot.roles import store as roles
from storage.models import AnonymousFeedback, Feedback, Reminder


def _deliver(session: Session, reminder: Reminder, now: datetime, model: type[store.Item]) -> str | None:
    items = store.undelivered(session, reminder.team_id, model)
    managers = roles.recipients(session, reminder.team_id, "feedback")
    if not items or not managers:
        return "obsolete"  # with nobody to tell yet, the items stay undelivered and show in /feedback list
    notify.tell(session, reminder.team_id, notices.batch(items, managers, f"reminder:{reminder.id}"), now)
    for item in items:
        item.notified_at = now
    return None


def _next_time(*, anonymous: bool) -> reminders.Skipped:
    """A delivery too stale to send: the next boundary picks its items up."""

    def on_skip(session: Session, reminder: Reminder, now: datetime) -> None:
        store.schedule_delivery(session, reminder.team_id, now, anonymous=anonymous)

    return on_skip


@reminders.kind(store.NAMED_KIND, on_skip=_next_time(anonymous=False))
def deliver_named(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    return _deliver(session, reminder, now, Feedback)


@reminders.kind(store.ANONYMOUS_KIND, on_skip=_next_time(anonymous=True))
def deliver_anonymous(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    return _deliver(session, reminder, now, AnonymousFeedback)
