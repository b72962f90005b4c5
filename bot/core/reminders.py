"""Timed work as rows: a feature schedules a `Reminder` (kind, subject, moment) and registers how to deliver that
kind; the clock claims due rows and calls the deliverer inside the claiming transaction, which typically writes an
outbox message. Claim and message commit together, so a reminder is delivered once or not at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.features import load_jobs
from storage.db import INSERTS
from storage.models import Reminder

# (session, reminder, now, late) -> outcome ("sent" by default, or "obsolete" when there is nothing to say anymore)
Deliver = Callable[[Session, Reminder, datetime, bool], str | None]
# (session, reminder, now): a recurring kind schedules its next occurrence even when this one was too stale to send
Skipped = Callable[[Session, Reminder, datetime], None]
KINDS: dict[str, Deliver] = {}
ON_SKIP: dict[str, Skipped] = {}


def deliverer(name: str) -> tuple[Deliver | None, Skipped | None]:
    """How to deliver a kind, and what to do when it was too stale to send (each feature's jobs.py registers its
    kinds; they are loaded on first use)."""
    load_jobs()
    return KINDS.get(name), ON_SKIP.get(name)


def kind(name: str, *, on_skip: Skipped | None = None) -> Callable[[Deliver], Deliver]:
    def register(func: Deliver) -> Deliver:
        KINDS[name] = func
        if on_skip is not None:
            ON_SKIP[name] = on_skip
        return func

    return register


# built once per dialect: INSERT … ON CONFLICT (dedupe_key) DO NOTHING, executed with parameters
_SCHEDULE = {name: insert(Reminder).on_conflict_do_nothing(index_elements=["dedupe_key"])
             for name, insert in INSERTS.items()}


def schedule(session: Session, team_id: str, kind_name: str, due_at: datetime, dedupe_key: str, *,
             subject_id: int | None = None, recipient_id: str | None = None) -> None:
    """Schedule once: a `dedupe_key` that already exists (sent or not) is left as it is, even under races."""
    schedule_many(session, [{"team_id": team_id, "kind": kind_name, "subject_id": subject_id,
                             "recipient_id": recipient_id, "due_at": due_at, "dedupe_key": dedupe_key}])


def schedule_many(session: Session, rows: list[dict]) -> None:
    """Several at once (one round trip); each row has the arguments of `schedule`."""
    if rows:
        session.execute(_SCHEDULE[session.get_bind().dialect.name], rows)


def cancel_kind(session: Session, team_id: str, kind_prefix: str) -> None:
    """Drop every unsent reminder of a kind in a workspace (its schedule changed; it is planned again)."""
    session.execute(delete(Reminder).where(Reminder.team_id == team_id, Reminder.kind.startswith(kind_prefix),
                                           Reminder.sent_at.is_(None)))


def cancel_pending(session: Session, team_id: str, kind_prefix: str, subject_id: int) -> None:
    """Drop reminders not yet sent for a subject (its deadline moved, it was done or deleted)."""
    session.execute(delete(Reminder).where(Reminder.team_id == team_id, Reminder.subject_id == subject_id,
                                           Reminder.kind.startswith(kind_prefix), Reminder.sent_at.is_(None)))
