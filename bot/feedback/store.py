"""Feedback in the database, inside a session the caller owns (never committed here).

Named feedback (`#12`) is a `Feedback` row with its author and time. Anonymous feedback (`#A3`) is an
`AnonymousFeedback` row in a table and number sequence of its own, with no author and only the day it was given:
`add_anonymous` is not even handed the author or the moment, so it cannot keep them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core import reminders
from bot.core.errors import UserError
from bot.core.mrkdwn import escape
from bot.core.numbers import next_number
from bot.feedback import parse, rules
from storage.models import AnonymousFeedback, Feedback

Item = Feedback | AnonymousFeedback
NAMED_KIND, ANONYMOUS_KIND = "feedback.named", "feedback.anonymous"  # the managers' deliveries (bot.feedback.jobs)


def add_named(session: Session, team_id: str, author_id: str, text: str, tags: list[str], now: datetime) -> Feedback:
    item = Feedback(team_id=team_id, number=next_number(session, team_id, "feedback"), text=text, tags=tags,
                    author_id=author_id, created_at=now, status="open")
    session.add(item)
    return item


def add_anonymous(session: Session, team_id: str, text: str, tags: list[str], day: date) -> AnonymousFeedback:
    item = AnonymousFeedback(team_id=team_id, number=next_number(session, team_id, "feedback.anonymous"),
                             text=text, tags=tags, given_on=day, status="open")
    session.add(item)
    return item


def schedule_delivery(session: Session, team_id: str, now: datetime, *, anonymous: bool) -> None:
    """The managers' next delivery of this kind, once per boundary however many items wait for it. Only the
    boundary is kept, never `now`."""
    kind, step = (ANONYMOUS_KIND, rules.ANONYMOUS_BATCH) if anonymous else (NAMED_KIND, rules.NAMED_BATCH)
    at = rules.next_delivery(now, step)
    reminders.schedule(session, team_id, kind, at, f"{kind}:{team_id}:{int(at.timestamp())}")


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


def undelivered(session: Session, team_id: str, model: type[Item]) -> list[Item]:
    """Items of one kind the managers have not been sent yet, oldest first."""
    return list(session.scalars(select(model).where(model.team_id == team_id, model.notified_at.is_(None))
                                .order_by(model.number)))


def day_of(item: Item) -> date:
    return item.given_on if isinstance(item, AnonymousFeedback) else item.created_at.date()
