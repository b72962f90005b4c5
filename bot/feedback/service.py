"""Feedback to the managers, named or truly anonymous; one unit of work per call.

Named feedback keeps its author and time, reaches the managers within two minutes and can be answered. Anonymous
feedback is counted against the rate limit (in memory, under a keyed hash: bot.core.privacy) and held in memory
until its four-hourly boundary (bot.feedback.held): submitting it writes nothing at all, and it is stored later
with neither author nor time. The caller's id goes no further than that count, and the request that carries it
never looked the person up. Managers list, answer and address feedback; the author of named feedback is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import notify
from bot.core.caller import Caller
from bot.core.errors import UserError
from bot.core.privacy import AnonymousRateLimit
from bot.feedback import held, notices, rules, store
from bot.feedback.parse import ListScope, parse
from bot.feedback.store import Item
from bot.roles import admins
from bot.roles import store as roles
from storage.models import Feedback

ANONYMOUS_LIMIT = AnonymousRateLimit(limit=rules.ANONYMOUS_PER_HOUR)


@dataclass(frozen=True)
class Submitted:
    """Named feedback, stored with its number."""

    item: Feedback


@dataclass(frozen=True)
class Held:
    """Anonymous feedback, held until `delivery` (its boundary), where it is written, numbered and delivered."""

    tags: tuple[str, ...]
    delivery: datetime


@dataclass(frozen=True)
class Addressed:
    item: Item
    told: tuple[str, ...] = ()


@dataclass(frozen=True)
class Replied:
    item: Feedback
    told: tuple[str, ...] = ()


def submit(caller: Caller, text: str) -> Submitted | Held:
    """Named: store it and schedule the managers' delivery. Anonymous: hold it in memory for its boundary — no
    write of any kind now. Nobody is told until the delivery."""
    parsed = parse(text)
    if parsed.anonymous and not ANONYMOUS_LIMIT.allow(caller.team_id, caller.user_id, caller.now):
        raise UserError("feedback.slow_down")
    body = rules.checked_text(parsed.text, empty_key="feedback.empty")
    tags = rules.tags_or_default(parsed.tags)
    if parsed.anonymous:
        post = held.Post(caller.team_id, body, tuple(tags), caller.now.date())
        return Held(post.tags, held.HELD.hold(caller.env.db.engine, post, caller.now))
    with caller.writing() as session:
        item = store.add_named(session, caller.team_id, caller.user_id, body, tags, caller.now)
        store.schedule_named_delivery(session, caller.team_id, caller.now)
    return Submitted(item)


def listing(caller: Caller, scope: ListScope) -> list[Item]:
    """Managers only."""
    admin = admins.as_manager(caller)
    with caller.reading() as session:
        _require_manager(session, caller, admin)
        return store.listing(session, caller.team_id, scope=scope.scope, tag=scope.tag)


def address(caller: Caller, ref: str) -> Addressed:
    """Managers only; the author of named feedback is thanked (unless they addressed it themselves)."""
    admin = admins.as_manager(caller)
    with caller.reading() as session:
        _require_manager(session, caller, admin)
        found = store.find(session, caller.team_id, ref)
    caller.know([found.author_id if isinstance(found, Feedback) else None])
    with caller.writing() as session:
        _require_manager(session, caller, admin)
        item = store.find(session, caller.team_id, ref)
        item.status, item.addressed_by, item.addressed_at = "addressed", caller.user_id, caller.now
        told = notify.tell(session, caller.team_id, notices.addressed(item, caller.user_id), caller.now,
                           skip=caller.user_id)
    return Addressed(item, told)


def reply_target(caller: Caller, ref: str) -> Feedback:
    """The feedback a manager is about to answer, checked before the reply form opens so a refusal is immediate."""
    admin = admins.as_manager(caller)
    with caller.reading() as session:
        return _answerable(session, caller, ref, admin)


def reply(caller: Caller, ref: str, text: str) -> Replied:
    """A manager answers named feedback; the author gets it by DM. Anonymous feedback cannot be answered."""
    text = " ".join(text.split())
    admin = admins.as_manager(caller)
    with caller.reading() as session:
        author = _answerable(session, caller, ref, admin).author_id
    rules.checked_text(text, empty_key="feedback.reply_empty")
    caller.know([author])
    with caller.writing() as session:
        item = _answerable(session, caller, ref, admin)
        told = notify.tell(session, caller.team_id, [notices.reply(item, caller.user_id, text)], caller.now)
    return Replied(item, told)


def _require_manager(session: Session, caller: Caller, admin: bool) -> None:
    """`admin`: the caller's admin flag as Slack confirmed it just now (bot.roles.admins)."""
    roles.require_manager(session, caller.team_id, caller.user_id, is_admin=admin, key="feedback.managers_only")


def _answerable(session: Session, caller: Caller, ref: str, admin: bool) -> Feedback:
    _require_manager(session, caller, admin)
    item = store.find(session, caller.team_id, ref)
    if not isinstance(item, Feedback):
        raise UserError("feedback.no_reply_anonymous")
    return item
