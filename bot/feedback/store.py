"""Feedback in the database, inside a session the caller owns (never committed here).

Named feedback (`#12`) is a `Feedback` row with its author and time. Anonymous feedback (`#A3`) is an
`AnonymousFeedback` row in a table and number sequence of its own, with no author and only the day it was given,
written only at a boundary together with the other posts held until then (bot.feedback.held): `add_anonymous` is
handed neither the author nor the moment, so it cannot keep them.

A delivery to the managers is one message per manager, each with a dedupe key that starts with the delivery's key
(`delivery_key`): what kind, which workspace, and the moment it was queued — the moment its items keep as
`notified_at`. So an item's delivery can be found again, and when every one of its messages failed, the item goes
out again with the next delivery (`reopen_failed`) instead of counting as delivered.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import cast

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.core import reminders
from bot.core.errors import UserError
from bot.core.mrkdwn import escape
from bot.core.numbers import next_number
from bot.core.privacy import next_boundary
from bot.feedback import parse, rules
from storage.models import AnonymousFeedback, Feedback, OutboxMessage

Item = Feedback | AnonymousFeedback
Model = type[Feedback] | type[AnonymousFeedback]
NAMED_KIND = "feedback.named"  # the managers' delivery of named feedback, on the clock (bot.feedback.jobs)
DELIVERIES: dict[Model, str] = {Feedback: "feedback.named", AnonymousFeedback: "feedback.anonymous"}
RECENT_FAILURES = timedelta(days=2)  # a delivery is retried within hours; older failures were settled long ago


def add_named(session: Session, team_id: str, author_id: str, text: str, tags: list[str], now: datetime) -> Feedback:
    item = Feedback(team_id=team_id, number=next_number(session, team_id, "feedback"), text=text, tags=tags,
                    author_id=author_id, created_at=now, status="open")
    session.add(item)
    return item


def add_anonymous(session: Session, team_id: str, text: str, tags: list[str], day: date) -> AnonymousFeedback:
    """Numbered now, at the boundary that writes it: the number says nothing about when it was given."""
    item = AnonymousFeedback(team_id=team_id, number=next_number(session, team_id, "feedback.anonymous"),
                             text=text, tags=tags, given_on=day, status="open")
    session.add(item)
    return item


def schedule_named_delivery(session: Session, team_id: str, now: datetime) -> None:
    """The managers' next delivery of named feedback, once per boundary however many items wait for it."""
    at = next_boundary(now, rules.NAMED_BATCH)
    reminders.schedule(session, team_id, NAMED_KIND, at, f"{NAMED_KIND}:{team_id}:{int(at.timestamp())}")


def delivery_key(team_id: str, model: Model, at: datetime) -> str:
    """What every message of one delivery's dedupe key starts with (followed by `:<manager>`)."""
    return f"{DELIVERIES[model]}:{team_id}:{at.isoformat()}"


def reopen_failed(session: Session, team_id: str, model: Model, now: datetime) -> None:
    """Items whose delivery failed for every manager (Slack refused or never took it) are undelivered again."""
    prefix = f"{DELIVERIES[model]}:{team_id}:"
    failed = session.scalars(select(OutboxMessage.dedupe_key).where(
        OutboxMessage.team_id == team_id, OutboxMessage.sent_at.is_(None),
        OutboxMessage.failed_at >= now - RECENT_FAILURES,
        OutboxMessage.dedupe_key.startswith(prefix, autoescape=True)))
    for delivery in {str(key).rsplit(":", 1)[0] for key in failed}:
        alive = session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.team_id == team_id, OutboxMessage.failed_at.is_(None),
            OutboxMessage.dedupe_key.startswith(delivery + ":", autoescape=True)))
        if not alive:
            at = datetime.fromisoformat(delivery.removeprefix(prefix))
            session.execute(update(model).where(model.team_id == team_id, model.notified_at == at)
                            .values(notified_at=None))


def find(session: Session, team_id: str, text: str) -> Item:
    """The item `text` refers to (`12`, `#12`, `A3`, `#A3`) in this workspace."""
    found = parse.ref(text)
    item: Item | None = None
    if found is not None:
        model: type[Feedback] | type[AnonymousFeedback] = AnonymousFeedback if found.anonymous else Feedback
        item = cast(Item | None, session.scalar(select(model).where(model.team_id == team_id,
                                                                   model.number == found.number)))
    if item is None:
        raise UserError("feedback.not_found", ref=escape((text or "").strip()[:20]) or "?")
    return item


def listing(session: Session, team_id: str, *, scope: str, tag: str | None) -> list[Item]:
    """Named and anonymous items together, newest first (see rules.newest_first)."""
    items: list[Item] = []
    for model in (Feedback, AnonymousFeedback):
        query = select(model).where(model.team_id == team_id)
        if scope == "open":
            query = query.where(model.status == "open")
        items.extend(session.scalars(query))
    if tag:
        items = [item for item in items if tag in (item.tags or [])]
    return sorted(items, key=lambda item: rules.newest_first(day_of(item), item.number,
                                                             anonymous=isinstance(item, AnonymousFeedback)),
                  reverse=True)


def undelivered(session: Session, team_id: str, model: Model) -> list[Item]:
    """Items of one kind the managers have not been sent yet, by number, locked for this delivery (on PostgreSQL,
    rows another delivery is taking are skipped: each item goes out once)."""
    return list(session.scalars(select(model).where(model.team_id == team_id, model.notified_at.is_(None))
                                .order_by(model.number).with_for_update(skip_locked=True)))


def teams_waiting(session: Session, now: datetime) -> list[str]:
    """Workspaces with feedback that still has to reach its managers: never delivered (no manager yet, written at
    a shutdown) or whose delivery failed lately."""
    teams: set[str] = set()
    for model in DELIVERIES:
        teams.update(session.scalars(select(model.team_id).where(model.notified_at.is_(None)).distinct()))
    teams.update(session.scalars(select(OutboxMessage.team_id).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at >= now - RECENT_FAILURES,
        OutboxMessage.dedupe_key.startswith("feedback.", autoescape=True)).distinct()))
    return sorted(teams)


def day_of(item: Item) -> date:
    return item.given_on if isinstance(item, AnonymousFeedback) else item.created_at.date()
