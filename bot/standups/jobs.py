"""What the clock does for standups: each member's prompt at the schedule's time in their own zone, and the run's
report after the last one. Both are claimed reminder rows (bot.core.reminders), delivered inside the claiming
transaction, so a restart or several clocks never prompt or report twice.

Delivering either plans the next run, so the chain goes on by itself; a prompt or report too stale to send (every
clock was down past the grace period) is skipped and still plans the next one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import reminders
from bot.standups import notices, schedule, store
from storage.models import Reminder


def _keep_going(session: Session, reminder: Reminder, now: datetime) -> None:
    """A stale prompt or report: not sent, but the next run is planned all the same."""
    found = store.run_and_standup(session, reminder.team_id, reminder.subject_id)
    if found is not None:
        schedule.plan(session, found[0], now)


@reminders.kind(schedule.PROMPT, on_skip=_keep_going)
def deliver_prompt(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    """Ask the member, unless the standup is paused, the run is reported, they left, or they skip it."""
    found = store.run_and_standup(session, reminder.team_id, reminder.subject_id)
    if found is None:
        return "obsolete"
    standup, run = found
    schedule.plan(session, standup, now)
    user_id = reminder.recipient_id or ""
    if (standup.status != "active" or run.reported_at is not None or user_id not in run.members
            or store.skipping(session, standup, user_id, reminder.due_at)):
        return "obsolete"
    return None if notices.ask(session, standup, run, user_id, now, late=late) else "obsolete"


@reminders.kind(schedule.REPORT, on_skip=_keep_going)
def deliver_report(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    found = store.run_and_standup(session, reminder.team_id, reminder.subject_id)
    if found is None:
        return "obsolete"
    standup, run = found
    posted = notices.post_report(session, standup, run, now)
    schedule.plan(session, standup, now)
    return None if posted else "obsolete"
