"""Events API deliveries already handled. Slack retries a delivery it thinks failed and Bolt does not dedupe, so
the first delivery of an `event_id` is recorded (shared by every web process through the database) and later ones
are dropped. Records expire after `EVENT_TTL`; Slack retries within minutes."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from storage.db import affected
from storage.models import ProcessedEvent

EVENT_TTL = timedelta(days=2)


def remember(session: Session, team_id: str, event_id: str, now: datetime) -> None:
    """Record the delivery; flushing raises IntegrityError when it was seen before."""
    session.add(ProcessedEvent(event_id=event_id, team_id=team_id, received_at=now))
    session.flush()


def purge(session: Session, now: datetime) -> int:
    return affected(session, delete(ProcessedEvent).where(ProcessedEvent.received_at < now - EVENT_TTL))
