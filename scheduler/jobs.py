"""What the clock does on each tick: deliver due reminders exactly once, and keep tables tidy.

Each due row is claimed with `UPDATE … SET sent_at WHERE id = ? AND sent_at IS NULL` and a rowcount check, in the
same transaction that writes its outbox message; with several clocks on one database exactly one wins. A reminder
that fell due while every clock was down is still delivered, marked late, when it is less than the grace period
late; older ones are skipped and logged, so a restart never sends a burst of stale reminders.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select, update

import bot.features  # noqa: F401 - registers every reminder kind
from bot import events
from bot.reminders import KINDS, ON_SKIP
from scheduler.outbox import WORKER_ID
from storage.db import Database
from storage.models import Reminder

log = logging.getLogger(__name__)

LATE_AFTER = timedelta(seconds=60)
BATCH = 200


def run_due(db: Database, now: datetime, grace: timedelta) -> int:
    """Deliver every reminder due at `now`; returns how many were delivered (sent or late)."""
    delivered = 0
    with db.session(read_only=True) as session:
        due = session.scalars(select(Reminder.id).where(Reminder.sent_at.is_(None), Reminder.due_at <= now)
                              .order_by(Reminder.due_at).limit(BATCH)).all()
    for reminder_id in due:
        with db.session() as session:
            won = session.execute(update(Reminder).where(Reminder.id == reminder_id, Reminder.sent_at.is_(None))
                                  .values(sent_at=now, claimed_by=WORKER_ID)).rowcount
            if won != 1:
                continue
            reminder = session.get(Reminder, reminder_id)
            assert reminder is not None
            reminder.outcome = _deliver(session, reminder, now, grace)
            delivered += reminder.outcome in ("sent", "late")
    return delivered


def _deliver(session, reminder: Reminder, now: datetime, grace: timedelta) -> str:  # noqa: ANN001
    lateness = now - reminder.due_at
    if lateness > grace:
        log.warning("skipping %s reminder %s: %s late (grace %s)", reminder.kind, reminder.id, lateness, grace)
        if reminder.kind in ON_SKIP:
            ON_SKIP[reminder.kind](session, reminder, now)
        return "skipped"
    deliver = KINDS.get(reminder.kind)
    if deliver is None:
        log.error("no deliverer for reminder kind %r (id %s)", reminder.kind, reminder.id)
        return "unknown"
    late = lateness > LATE_AFTER
    return deliver(session, reminder, now, late) or ("late" if late else "sent")


def housekeeping(db: Database, now: datetime) -> None:
    with db.session() as session:
        purged = events.purge(session, now)
    if purged:
        log.info("forgot %s old event ids", purged)
