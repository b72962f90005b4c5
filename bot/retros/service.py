"""Retrospectives, one unit of work per call: one open retro per channel, items (went well / to improve / ideas),
votes, actions that become tasks, and a summary at close.

Anonymous items get the same guarantee as anonymous feedback: the request that adds one did not look the person up
(bot/app.py, bot.core.privacy), the caller's id goes no further than the in-memory rate limit, adding it writes
nothing (it is held in memory until its ten-minute boundary: bot.retros.held), and the row has no author and no
time (bot.retros.store). Wherever items are listed together they are ordered by votes and then by text — never by
when they were written — and anonymous ones show no author.

Closing (by command, or by the clock at `until`) writes the anonymous items this process still holds for the retro
and posts the summary to the retro's channel, in the same transaction.
Items to improve can be saved as lessons; the person who saves one is the lesson's author ("saved by"), since an
anonymous item has no author to give it and a named one may be saved by someone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import notify, tokens
from bot.core.caller import Caller
from bot.core.errors import UserError
from bot.core.mrkdwn import escape, mention
from bot.core.privacy import AnonymousRateLimit
from bot.lessons import service as lessons
from bot.lessons import store as lesson_store
from bot.lessons.parse import Parsed
from bot.retros import held, notices, parse, rules, store
from bot.retros.store import Board
from bot.roles import admins
from bot.roles import store as roles
from bot.tasks import service as tasks
from bot.tasks import store as task_store
from bot.text.deadlines import parse_deadline
from storage.models import Lesson, Retro

ANONYMOUS_LIMIT = AnonymousRateLimit(limit=rules.ANONYMOUS_PER_HOUR)


@dataclass(frozen=True)
class Started:
    retro: Retro
    told: tuple[str, ...] = ()  # the channel


@dataclass(frozen=True)
class Added:
    retro: Retro
    kind: str
    shows_at: datetime | None = None  # anonymous: held until then


@dataclass(frozen=True)
class Shown:
    """A retro's board as one person sees it (their votes marked)."""

    retro: Retro
    board: Board


@dataclass(frozen=True)
class ActionAdded:
    retro: Retro
    created: tasks.Created

    @property
    def told(self) -> tuple[str, ...]:
        return self.created.told


@dataclass(frozen=True)
class Closed:
    retro: Retro
    told: tuple[str, ...] = ()  # the channel


@dataclass(frozen=True)
class Saved:
    lesson: Lesson
    created: bool  # False: this item had been saved already


def start(caller: Caller, text: str) -> Started:
    """`Sprint 12 [until Friday]`: opens a retro in the channel and tells the channel how to take part."""
    asked = parse.start(text)
    channel_id = caller.channel_id or caller.user_id
    with caller.writing() as session:
        until = _until(session, caller, asked.until) if asked.until else None
        name = rules.checked_name(asked.name)
        store.lock_channel(session, caller.team_id, channel_id)
        existing = store.open_retro(session, caller.team_id, channel_id)
        if existing is not None:
            raise UserError("retro.already_open", number=existing.number, name=escape(existing.name))
        retro = store.add_retro(session, caller.team_id, name, channel_id, caller.user_id, until, caller.now)
        told = notify.tell(session, caller.team_id, [notices.started(retro)], caller.now)
    return Started(retro, told)


def add_item(caller: Caller, item: parse.ItemText) -> Added:
    """Add an item to the channel's open retro. An anonymous one is only held, for its boundary (no write of any
    kind now), and is written then without its author or the time."""
    if item.anonymous and not ANONYMOUS_LIMIT.allow(caller.team_id, caller.user_id, caller.now):
        raise UserError("retro.slow_down")
    text = rules.checked_item(item.text)
    if item.anonymous:
        with caller.reading() as session:
            retro = store.open_in(session, caller.team_id, caller.channel_id)
        post = held.Post(caller.team_id, retro.id, item.kind, text)
        return Added(retro, item.kind, held.HELD.hold(caller.env.db.engine, post, caller.now))
    with caller.writing() as session:
        retro = store.open_in(session, caller.team_id, caller.channel_id)
        store.add_named_item(session, retro, item.kind, text, caller.user_id, caller.now)
    return Added(retro, item.kind)


def board(caller: Caller) -> Shown:
    with caller.reading() as session:
        retro = store.open_in(session, caller.team_id, caller.channel_id)
        return Shown(retro, store.board(session, retro, caller.user_id))


def vote(caller: Caller, ref: str) -> Shown:
    """Vote for an item (or take the vote back); the voter sees the board again with the new counts."""
    with caller.writing() as session:
        retro, row = store.find_item(session, caller.team_id, ref)
        if not rules.may_vote(retro.status):
            raise UserError("retro.vote_closed", number=retro.number)
        store.toggle_vote(session, retro, row, caller.user_id)
        return Shown(retro, store.board(session, retro, caller.user_id))


def add_action(caller: Caller, text: str) -> ActionAdded:
    """`/retro action <title> [@owner] [deadline]`: a task (source "retro") linked to the channel's open retro, made
    in the retro's transaction; its owner is told as for any new task."""
    caller.know(tokens.users(text)[:1])
    with caller.writing() as session:
        retro = store.open_in(session, caller.team_id, caller.channel_id)
        if not text.strip():
            raise UserError("retro.action_needs_title")
        created = tasks.create_from_text_in(session, team_id=caller.team_id, creator_id=caller.user_id,
                                            tz=caller.tz, text=text, now=caller.now, channel_id=retro.channel_id,
                                            source="retro")
        store.link_action(session, retro, created.task)
    return ActionAdded(retro, created)


def close(caller: Caller) -> Closed:
    """The person who started it, managers and workspace admins may close the channel's open retro; the summary is
    written in the language of the person who started it."""
    with caller.reading() as session:
        creator_id = store.open_in(session, caller.team_id, caller.channel_id).creator_id
    caller.know([creator_id])
    admin = admins.confirmed(caller, unless=lambda session: caller.user_id == creator_id or roles.is_manager(
        session, caller.team_id, caller.user_id))
    with caller.writing() as session:
        retro = store.open_in(session, caller.team_id, caller.channel_id)
        manager = roles.is_manager(session, caller.team_id, caller.user_id, is_admin=admin)
        if not rules.may_close(caller.user_id, creator_id=retro.creator_id, actor_is_manager=manager):
            raise UserError("retro.close_not_allowed", creator=mention(retro.creator_id))
        told = finish(session, retro, caller.now, automatic=False)
        if told is None:
            raise UserError("retro.none_open")
    return Closed(retro, told)


def finish(session: Session, retro: Retro, now: datetime, *, automatic: bool) -> tuple[str, ...] | None:
    """Close once, write the anonymous items this process holds for it, and post the summary, in the same
    transaction (the command and the clock share it). None when it was closed already."""
    if not store.close_once(session, retro, now):
        return None
    held.write_for_close(session, retro, now)
    return notify.tell(session, retro.team_id, [notices.summary(retro, store.board(session, retro),
                                                                automatic=automatic)], now)


def save_as_lesson(caller: Caller, ref: str) -> Saved:
    """An item to improve becomes a lesson of the retro's channel, with the person who saves it as its author;
    saving the same item again finds the lesson already made."""
    with caller.writing() as session:
        retro, row = store.find_item(session, caller.team_id, ref)
        if not rules.may_become_lesson(row.kind):
            raise UserError("retro.lesson_only_improve")
        existing = lesson_store.same_text(session, caller.team_id, retro.channel_id, row.text)
        if existing is not None:
            return Saved(existing, created=False)
        lesson = lessons.add(session, caller.team_id, caller.user_id, Parsed(row.text, (rules.LESSON_TAG,)),
                             retro.channel_id, caller.now)
        return Saved(lesson, created=True)


def _until(session: Session, caller: Caller, phrase: str) -> datetime:
    """`until Friday 4pm`, read in the starter's zone (a date alone at the team's default time); in the future."""
    default_time = task_store.team_defaults(session, caller.team_id).due_time
    deadline = parse_deadline(phrase, now=caller.now, tz=caller.tz, default_time=default_time)
    if deadline is None:
        raise UserError("retro.until_not_understood", words=escape(phrase[:100]))
    if deadline.due <= caller.now:
        raise UserError("retro.until_past", words=escape(phrase[:100]))
    return deadline.due
