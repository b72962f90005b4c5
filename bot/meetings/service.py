"""Meetings, one unit of work per call: each public function opens its own transaction, applies the rules,
persists, and returns the meeting as its card shows it.

Callers (handlers/meetings.py) pass a `Caller` and what was typed, as Slack sent it; nothing here knows Slack's
payloads. Nobody is told at once: a meeting's channel hears about it from its reminder, which the clock sends
before each occurrence (bot.meetings.jobs).

Anyone may create a meeting and add to an agenda, up to what one reminder can show (rules.check_agenda_room);
editing, skipping and cancelling are for whoever set the meeting up and managers (rules.may_change), checked in the
transaction that makes the change — with a workspace admin's rights confirmed with Slack just before when they are
what allows it (bot.roles.admins).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core.caller import Caller
from bot.core.errors import UserError
from bot.core.mrkdwn import mention
from bot.meetings import rules, store
from bot.meetings.parse import options, title_and_rule, title_of
from bot.roles import admins
from bot.roles import store as roles
from bot.text.recurrence import next_occurrence
from storage.models import AgendaItem, Meeting


@dataclass(frozen=True)
class Shown:
    """A meeting after a change, with what its card shows: the next occurrences, and the open agenda after an item
    was added."""

    meeting: Meeting
    upcoming: tuple[datetime, ...]
    agenda: tuple[AgendaItem, ...] = ()


@dataclass(frozen=True)
class Skipped:
    shown: Shown
    when: datetime  # the occurrence that will not take place


@dataclass(frozen=True)
class Listed:
    meeting: Meeting
    agenda_count: int


def create(caller: Caller, text: str) -> Shown:
    """`Weekly sync every Monday 10am [in #ops] [remind 15 min before]` in the caller's zone. The reminders go to
    the channel the command was typed in unless another is named (in a DM: to the creator)."""
    opts = options(text)
    parsed = title_and_rule(opts.text, now=caller.now, tz=caller.tz)
    if parsed is None:
        raise UserError("meeting.not_understood")
    title, rule = parsed
    rules.check_title(title)
    remind = rules.check_remind(opts.remind_minutes)
    first = next_occurrence(rule, caller.now)
    if first is None:
        raise UserError("meeting.in_the_past")
    with caller.writing() as session:
        meeting = store.create(session, caller.team_id, caller.user_id, title=title, rule=rule, tz=caller.tz,
                               channel_id=opts.channel_id or caller.channel_id or caller.user_id,
                               remind_minutes=rules.DEFAULT_REMIND_MINUTES if remind is None else remind,
                               first=first, now=caller.now)
    return _shown(meeting)


def edit(caller: Caller, number: int, text: str) -> Shown:
    """`every Tuesday 11am` / `New title` / `in #ops` / `remind 15 min before`, or several at once. A new
    recurrence is read in the editor's zone; the pending reminder follows the change."""
    opts = options(text)
    parsed = title_and_rule(opts.text, now=caller.now, tz=caller.tz) if opts.text else None
    title = parsed[0] if parsed else title_of(opts.text)
    admin = _admin_for(caller, number)
    with caller.writing() as session:
        meeting = store.get(session, caller.team_id, number)
        _require(session, caller, meeting, admin)
        if opts.empty:
            raise UserError("meeting.edit_needs_change", number=number)
        if title:
            meeting.title = rules.check_title(title)
        if parsed is not None:
            rule = parsed[1]
            meeting.rule, meeting.tz, meeting.next_at = rule.to_dict(), caller.tz, next_occurrence(rule, caller.now)
        if opts.channel_id:
            meeting.channel_id = opts.channel_id
        remind = rules.check_remind(opts.remind_minutes)
        if remind is not None:
            meeting.remind_minutes = remind
        meeting.updated_at = caller.now
        store.reschedule(session, meeting)
    return _shown(meeting)


def skip(caller: Caller, number: int) -> Skipped:
    """Skip the next occurrence only; the meeting then points at the one after (a one-off skipped has ended)."""
    admin = _admin_for(caller, number)
    with caller.writing() as session:
        meeting = store.get(session, caller.team_id, number)
        _require(session, caller, meeting, admin)
        skipped = meeting.next_at
        if skipped is None:
            raise UserError("meeting.not_found", number=number)
        store.record(session, meeting, skipped, rules.SKIPPED)
        store.advance(meeting, skipped)
        meeting.updated_at = caller.now
        store.reschedule(session, meeting)
    return Skipped(_shown(meeting), skipped)


def cancel(caller: Caller, number: int) -> Meeting:
    """No more reminders; the meeting's history (occurrences held or skipped) stays for the digest."""
    admin = _admin_for(caller, number)
    with caller.writing() as session:
        meeting = store.get(session, caller.team_id, number)
        _require(session, caller, meeting, admin)
        meeting.status, meeting.updated_at = rules.CANCELLED, caller.now
        store.unschedule(session, meeting)
    return meeting


def add_agenda(caller: Caller, number: int, text: str) -> Shown:
    """An item (plain text) for the next occurrence: collected until its reminder shows it, with who added it. An
    agenda holds what one reminder can show; beyond that, nothing is added and the person is told why."""
    item = rules.agenda_item(text, number)
    with caller.writing() as session:
        meeting = store.get(session, caller.team_id, number, lock=True)
        rules.check_agenda_room(number, [open_item.text for open_item in store.agenda(session, meeting)], item)
        store.add_agenda_item(session, meeting, caller.user_id, item, caller.now)
        agenda = tuple(store.agenda(session, meeting))
    return _shown(meeting, count=rules.AGENDA_CARD_OCCURRENCES, agenda=agenda)


def listing(caller: Caller) -> list[Listed]:
    """The workspace's active meetings, soonest first, each with its open agenda count."""
    with caller.reading() as session:
        found = store.active(session, caller.team_id)
        counts = store.agenda_counts(session, caller.team_id)
    return [Listed(meeting, counts.get(meeting.id, 0)) for meeting in found]


def _require(session: Session, caller: Caller, meeting: Meeting, admin: bool) -> None:
    """The check, in the transaction that makes the change. `admin`: Slack's fresh answer (`_admin_for`); the
    organiser's own change costs no query."""
    if rules.may_change(caller.user_id, creator_id=meeting.creator_id, actor_is_manager=admin):
        return
    manager = roles.is_manager(session, caller.team_id, caller.user_id, is_admin=admin)
    if not rules.may_change(caller.user_id, creator_id=meeting.creator_id, actor_is_manager=manager):
        raise UserError("meeting.change_not_allowed", number=meeting.number, creator=mention(meeting.creator_id))


def _admin_for(caller: Caller, number: int) -> bool:
    """Before the transaction: the caller's workspace-admin status, confirmed with Slack, when it is what would let
    them change meeting `number`; False when they may anyway (or there is no such meeting: the transaction says so)."""

    def may_anyway(session: Session) -> bool:
        meeting = store.find(session, caller.team_id, number)
        return meeting is None or rules.may_change(
            caller.user_id, creator_id=meeting.creator_id,
            actor_is_manager=roles.is_manager(session, caller.team_id, caller.user_id))

    return admins.confirmed(caller, unless=may_anyway)


def _shown(meeting: Meeting, *, count: int = rules.SHOWN_OCCURRENCES, agenda: tuple[AgendaItem, ...] = ()) -> Shown:
    return Shown(meeting, tuple(rules.upcoming(meeting.next_at, store.rule_of(meeting), count)), agenda)
