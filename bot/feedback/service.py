"""Feedback to the managers, named or truly anonymous.

Named feedback (`#12`) keeps its author and time, is delivered to the managers within two minutes (several at once
arrive as one message), and can be answered. Anonymous feedback (`#A3`) lives in its own table and sequence with no
author and only the day it was given, and reaches the managers at the next fixed four-hourly delivery (00:00,
04:00 … UTC), so neither its row nor the message about it says when it was written — nothing can point at a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core import outbox, people, reminders
from bot.core.errors import UserError
from bot.core.i18n import t
from bot.core.mrkdwn import plain
from bot.core.numbers import next_number
from bot.core.privacy import ANONYMITY_WORDS
from bot.feedback import views
from bot.roles import store as roles
from storage.models import AnonymousFeedback, Feedback, Reminder

KNOWN_TAGS = ("process", "tools", "communication", "workload", "other")
TAG = re.compile(r"(?<![\w&])#([^\s#<>]{1,30})")
MAX_TEXT = 3000
NAMED_BATCH = timedelta(minutes=2)
ANONYMOUS_BATCH = timedelta(hours=4)
ANON_PREFIX = "A"

Item = Feedback | AnonymousFeedback


@dataclass(frozen=True)
class Parsed:
    anonymous: bool
    text: str
    tags: tuple[str, ...]


def parse(text: str) -> Parsed:
    """`anonymous … #tools #process` → anonymous, the text without the marker, tags lower-cased (free tags kept)."""
    words = (text or "").split()
    anonymous = any(word.lower() in ANONYMITY_WORDS for word in words[:2])
    if anonymous:
        words = [w for i, w in enumerate(words) if not (i < 2 and w.lower() in ANONYMITY_WORDS)]
    body = plain(" ".join(words))
    tags = tuple(dict.fromkeys(tag.lower().rstrip(".,;:!?，。") for tag in TAG.findall(body)))
    body = " ".join(TAG.sub(" ", body).split()) or body.strip()
    return Parsed(anonymous, body, tuple(tag for tag in tags if tag))


def label(item: Item) -> str:
    return f"#{ANON_PREFIX}{item.number}" if isinstance(item, AnonymousFeedback) else f"#{item.number}"


def submit(session: Session, team_id: str, author_id: str, parsed: Parsed, now: datetime) -> Item:
    """Store it and schedule the managers' delivery. For anonymous feedback `author_id` is not used at all."""
    if not parsed.text:
        raise UserError("feedback.empty")
    if len(parsed.text) > MAX_TEXT:
        raise UserError("feedback.too_long", limit=MAX_TEXT, length=len(parsed.text))
    tags = list(parsed.tags) or ["other"]
    if parsed.anonymous:
        item: Item = AnonymousFeedback(team_id=team_id, number=next_number(session, team_id, "feedback.anonymous"),
                                       text=parsed.text, tags=tags, given_on=now.date(), status="open")
        batch = _next_boundary(now, ANONYMOUS_BATCH)
        kind = "feedback.anonymous"
    else:
        item = Feedback(team_id=team_id, number=next_number(session, team_id, "feedback"), text=parsed.text,
                        tags=tags, author_id=author_id, created_at=now, status="open")
        batch = _next_boundary(now, NAMED_BATCH)
        kind = "feedback.named"
    session.add(item)
    reminders.schedule(session, team_id, kind, batch, f"{kind}:{team_id}:{int(batch.timestamp())}")
    return item


def find(session: Session, team_id: str, ref: str) -> Item:
    """`12`, `#12` (named) or `A3`, `#A3` (anonymous)."""
    match = re.fullmatch(r"#?(A)?(\d{1,9})", (ref or "").strip(), re.I)
    item = None
    if match:
        model = AnonymousFeedback if match.group(1) else Feedback
        item = session.scalar(select(model).where(model.team_id == team_id, model.number == int(match.group(2))))
    if item is None:
        raise UserError("feedback.not_found", ref=(ref or "").strip()[:20] or "?")
    return item


def listing(session: Session, team_id: str, actor_id: str, *, actor_is_admin: bool, scope: str = "open",
            tag: str | None = None) -> list[Item]:
    """Managers only. Newest first; anonymous items are dated by day, so they sort by day then number."""
    roles.require_manager(session, team_id, actor_id, is_admin=actor_is_admin, key="feedback.managers_only")
    items: list[Item] = []
    for model in (Feedback, AnonymousFeedback):
        query = select(model).where(model.team_id == team_id)
        if scope == "open":
            query = query.where(model.status == "open")
        items.extend(session.scalars(query))
    if tag:
        items = [item for item in items if tag in (item.tags or [])]
    return sorted(items, key=lambda i: (_day(i), i.number if isinstance(i, Feedback) else 0), reverse=True)


def address(session: Session, team_id: str, ref: str, actor_id: str, now: datetime, *, actor_is_admin: bool) -> Item:
    roles.require_manager(session, team_id, actor_id, is_admin=actor_is_admin, key="feedback.managers_only")
    item = find(session, team_id, ref)
    item.status, item.addressed_by, item.addressed_at = "addressed", actor_id, now
    if isinstance(item, Feedback) and item.author_id != actor_id:
        author = people.stored(session, team_id, item.author_id)
        outbox.post(session, team_id, item.author_id, t("feedback.addressed_dm", author.locale, ref=label(item),
                    manager=f"<@{actor_id}>"), now)
    return item


def reply(session: Session, team_id: str, ref: str, actor_id: str, text: str, now: datetime, *,
          actor_is_admin: bool) -> Feedback:
    """A manager answers named feedback; the author gets it by DM. Anonymous feedback cannot be answered."""
    roles.require_manager(session, team_id, actor_id, is_admin=actor_is_admin, key="feedback.managers_only")
    item = find(session, team_id, ref)
    if not isinstance(item, Feedback):
        raise UserError("feedback.no_reply_anonymous")
    text = " ".join(text.split())
    if not text:
        raise UserError("feedback.reply_empty")
    if len(text) > MAX_TEXT:
        raise UserError("feedback.too_long", limit=MAX_TEXT, length=len(text))
    author = people.stored(session, team_id, item.author_id)
    message, blocks = views.reply_to_author(item, actor_id, text, author.locale)
    outbox.post(session, team_id, item.author_id, message, now, blocks=blocks)
    return item


# ---- delivery to the managers (the clock) -----------------------------------------------------------------------

def _deliver(session: Session, reminder: Reminder, now: datetime, model: type[Item]) -> str | None:
    items = list(session.scalars(select(model).where(model.team_id == reminder.team_id, model.notified_at.is_(None))
                                 .order_by(model.number)))
    managers = roles.recipients(session, reminder.team_id, "feedback")
    if not items:
        return "obsolete"
    if not managers:
        return "obsolete"  # nobody to tell yet: the items stay unnotified and show in /feedback list
    for manager_id in managers:
        locale = people.stored(session, reminder.team_id, manager_id).locale
        text, blocks = views.batch(items, locale)
        outbox.post(session, reminder.team_id, manager_id, text, now, blocks=blocks,
                    dedupe_key=f"reminder:{reminder.id}:{manager_id}")
    for item in items:
        item.notified_at = now
    return None


def _rescheduled(step: timedelta, kind: str):  # noqa: ANN202
    """A delivery missed during an outage is not lost: the next boundary picks the items up."""

    def on_skip(session: Session, reminder: Reminder, now: datetime) -> None:
        batch = _next_boundary(now, step)
        key = f"{kind}:{reminder.team_id}:{int(batch.timestamp())}"
        reminders.schedule(session, reminder.team_id, kind, batch, key)

    return on_skip


@reminders.kind("feedback.named", on_skip=_rescheduled(NAMED_BATCH, "feedback.named"))
def deliver_named(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    return _deliver(session, reminder, now, Feedback)


@reminders.kind("feedback.anonymous", on_skip=_rescheduled(ANONYMOUS_BATCH, "feedback.anonymous"))
def deliver_anonymous(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    return _deliver(session, reminder, now, AnonymousFeedback)


def _next_boundary(now: datetime, step: timedelta) -> datetime:
    """The first multiple of `step` (counted from midnight UTC) strictly after `now`."""
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    elapsed = now - midnight
    return midnight + step * (elapsed // step + 1)


def _day(item: Item):  # noqa: ANN202
    return item.given_on if isinstance(item, AnonymousFeedback) else item.created_at.date()
