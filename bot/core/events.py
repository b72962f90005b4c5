"""Events API deliveries already handled.

Slack retries a delivery it thinks failed (no answer within 3 s, or an error status), and Bolt does not dedupe. A
delivery is recorded as handled in the first transaction of its handling that writes something — the task it
creates, or the reply that says why there is none — so the record and the effect commit together or not at all:
a delivery whose handler died before that commit is handled again when Slack retries it, and a retry that arrives
after the commit (or races the first delivery to it) rolls back. Records are shared by every web process through
the database and expire after `EVENT_TTL`; Slack retries within minutes.

What no record covers: a handler that writes twice (the task, then the reply to the DM that asked for it) and dies
between its two commits has created the task and lost the reply; the retry finds the event handled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, event, exists, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from storage.db import affected, after_commit, conflict_insert
from storage.models import ProcessedEvent

EVENT_TTL = timedelta(days=2)


class AlreadyHandled(Exception):  # noqa: N818 - a signal that ends the request, not a failure
    """Another delivery of this event committed its effect first: this one must change nothing."""


@dataclass
class Delivery:
    """One Events API delivery being handled; `recorded` once its record has committed."""

    team_id: str
    event_id: str
    recorded: bool = False

    def mark_recorded(self) -> None:
        self.recorded = True


def seen(session: Session, event_id: str) -> bool:
    """Whether a delivery of this event has already committed (a cheap look before any work is done)."""
    return bool(session.scalar(select(exists().where(ProcessedEvent.event_id == event_id))))


def watch(session: Session) -> Callable[[], bool]:
    """Whether the session has written anything yet: an INSERT, UPDATE or DELETE, or ORM changes still to flush. A
    transaction that only looked (a DM that turned out not to answer a standup) does not handle the event."""
    wrote: list[bool] = []

    def on_execute(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            wrote.append(True)

    def on_flush(_session: Session, _flush: UOWTransaction) -> None:
        wrote.append(True)

    event.listen(session, "do_orm_execute", on_execute)
    event.listen(session, "after_flush", on_flush)
    return lambda: bool(wrote or session.new or session.dirty or session.deleted)


def record(session: Session, delivery: Delivery, now: datetime) -> None:
    """Record the delivery in the session's transaction. `AlreadyHandled` when another delivery of the event has
    committed; one still in flight makes this wait for its outcome (the primary key's lock on PostgreSQL, the
    single writer on SQLite)."""
    insert = conflict_insert(session, ProcessedEvent).values(
        event_id=delivery.event_id, team_id=delivery.team_id, received_at=now)
    inserted = session.execute(insert.on_conflict_do_nothing(index_elements=["event_id"])
                               .returning(ProcessedEvent.event_id)).first()
    if inserted is None:  # RETURNING, not the rowcount: psycopg reports -1 for an INSERT here
        raise AlreadyHandled(delivery.event_id)
    after_commit(session, delivery.mark_recorded)


def purge(session: Session, now: datetime) -> int:
    return affected(session, delete(ProcessedEvent).where(ProcessedEvent.received_at < now - EVENT_TTL))
