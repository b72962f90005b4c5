"""What the clock does for feedback: deliver what is new to the managers — named items every two minutes (a claimed
reminder row, bot.core.reminders, so it happens once however many clocks run), anonymous ones at the fixed
four-hourly boundaries where they are written (bot.feedback.held). Either way `deliver` picks up, too, what an
earlier delivery failed to bring."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import notify, reminders
from bot.feedback import notices, store
from bot.roles import store as roles
from storage.models import Feedback, Reminder


def deliver(session: Session, team_id: str, model: store.Model, now: datetime) -> bool:
    """One message per manager with every undelivered item of one kind; False when there was nothing to send or
    nobody to send it to (the items then stay undelivered and show in /feedback list)."""
    store.reopen_failed(session, team_id, model, now)
    managers = roles.recipients(session, team_id, "feedback")
    items = store.undelivered(session, team_id, model) if managers else []
    if not items:
        return False
    notify.tell(session, team_id, notices.batch(items, managers, store.delivery_key(team_id, model, now)), now)
    for item in items:
        item.notified_at = now
    return True


def _next_time(session: Session, reminder: Reminder, now: datetime) -> None:
    """A delivery too stale to send: the next boundary picks its items up."""
    store.schedule_named_delivery(session, reminder.team_id, now)


@reminders.kind(store.NAMED_KIND, on_skip=_next_time)
def deliver_named(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    return None if deliver(session, reminder.team_id, Feedback, now) else "obsolete"
