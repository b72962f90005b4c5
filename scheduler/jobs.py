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
from sqlalchemy.orm import Session

from bot.core import events
from bot.core.reminders import deliverer
from scheduler.outbox import WORKER_ID
from storage.db import Database, affected
from storage.models import Reminder

log = logging.getLogger(__name__)

LATE_AFTER = timedelta(seconds=60)
BATCH = 200


def run_due(db: Database, now: datetime, grace: timedelta) -> int:
    """Handle up to BATCH reminders due at `now` (deliver, or skip when stale); returns how many this clock won.

    Each claim is its own transaction: the next due row not locked by another clock (`FOR UPDATE SKIP LOCKED` on
    PostgreSQL, so clocks work side by side; SQLite's `BEGIN IMMEDIATE` serialises them), then a conditional
    `UPDATE … WHERE sent_at IS NULL` whose rowcount is the guarantee on every backend.
    """
    handled = 0
    while handled < BATCH:
        with db.session() as session:
            reminder = session.scalars(
                select(Reminder).where(Reminder.sent_at.is_(None), Reminder.due_at <= now)
                .order_by(Reminder.due_at, Reminder.id).limit(1).with_for_update(skip_locked=True)
            ).first()
            if reminder is None:
                return handled
            won = affected(session, update(Reminder).where(Reminder.id == reminder.id, Reminder.sent_at.is_(None))
                           .values(sent_at=now, claimed_by=WORKER_ID))
            if won != 1:
                continue
            session.refresh(reminder)
            reminder.outcome = _deliver(session, reminder, now, grace)
            handled += 1
    return handled


def drain(db: Database, now: datetime, grace: timedelta) -> int:
    """Everything due at `now`, batch after batch (a 09:00 burst must not wait for the next tick)."""
    total = 0
    while True:
        handled = run_due(db, now, grace)
        total += handled
        if handled < BATCH:
            return total


def _deliver(session: Session, reminder: Reminder, now: datetime, grace: timedelta) -> str:
    lateness = now - reminder.due_at
    deliver, on_skip = deliverer(reminder.kind)
    if lateness > grace:
        log.warning("skipping %s reminder %s: %s late (grace %s)", reminder.kind, reminder.id, lateness, grace)
        if on_skip is not None:
            on_skip(session, reminder, now)
        return "skipped"
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
