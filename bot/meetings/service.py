"""Meetings: a title, a channel, a recurrence in the creator's zone, an agenda, and a reminder before each one.

The next occurrence is stored on the meeting (`next_at`) and its reminder is a row in `reminders`; delivering the
reminder posts to the channel, records the occurrence as held, clears the agenda it showed and schedules the next
one — all in the clock's claiming transaction, so it happens once whatever the number of clocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core import outbox, people, reminders
from bot.core.errors import UserError
from bot.core.i18n import t
from bot.core.numbers import next_number
from bot.meetings import views
from bot.text.describe import describe
from bot.text.recurrence import Recurrence, next_occurrence, occurrences
from bot.text.rules import parse_meeting
from storage.models import AgendaItem, Meeting, MeetingOccurrence, Reminder

MAX_TITLE = 300
MAX_AGENDA_ITEM = 500
MAX_REMIND_MINUTES = 24 * 60
CHANNEL = re.compile(r"\s*\bin\s+<#(C[A-Z0-9]+|G[A-Z0-9]+)(?:\|[^>]*)?>\s*|\s*在\s*<#(C[A-Z0-9]+)(?:\|[^>]*)?>\s*")
REMIND = re.compile(r"\s*\bremind(?:\s+(?:us|me))?\s+(\d{1,4})\s*(?:m|min|mins|minutes?)\s+before\b\s*"
                    r"|\s*提前\s*(\d{1,4})\s*分钟(?:提醒)?\s*", re.I)

@dataclass(frozen=True)
class Options:
    """What `/meeting add|edit` text says besides the title and recurrence."""

    text: str
    channel_id: str | None
    remind_minutes: int | None


def options(text: str) -> Options:
    channel_id = remind = None
    match = CHANNEL.search(text)
    if match:
        channel_id = match.group(1) or match.group(2)
        text = text[: match.start()] + " " + text[match.end():]
    match = REMIND.search(text)
    if match:
        remind = int(match.group(1) or match.group(2))
        text = text[: match.start()] + " " + text[match.end():]
    return Options(" ".join(text.split()), channel_id, remind)


def get(session: Session, team_id: str, number: int) -> Meeting:
    meeting = session.scalar(select(Meeting).where(Meeting.team_id == team_id, Meeting.number == number,
                                                   Meeting.status == "active"))
    if meeting is None:
        raise UserError("meeting.not_found", number=number)
    return meeting


def rule_of(meeting: Meeting) -> Recurrence:
    return Recurrence.from_dict(meeting.rule)


def create(session: Session, team_id: str, creator_id: str, text: str, *, tz: str, default_channel: str,
           now: datetime) -> Meeting:
    opts = options(text)
    parsed = parse_meeting(opts.text, now=now, tz=tz)
    if parsed is None:
        raise UserError("meeting.not_understood")
    title, rule = parsed
    title = title.strip(" -:,;—，：")
    _check(title, opts.remind_minutes)
    first = next_occurrence(rule, now)
    if first is None:
        raise UserError("meeting.in_the_past")
    meeting = Meeting(team_id=team_id, number=next_number(session, team_id, "meeting"), title=title,
                      channel_id=opts.channel_id or default_channel, creator_id=creator_id, tz=tz,
                      rule=rule.to_dict(), remind_minutes=opts.remind_minutes if opts.remind_minutes is not None
                      else 10, status="active", next_at=first, created_at=now, updated_at=now)
    session.add(meeting)
    session.flush()
    schedule(session, meeting)
    return meeting


def edit(session: Session, team_id: str, number: int, text: str, *, tz: str, now: datetime) -> Meeting:
    """`edit 3 every Tuesday 11am` / `edit 3 New title` / `edit 3 in #ops` / `edit 3 remind 15 min before`."""
    meeting = get(session, team_id, number)
    opts = options(text)
    if not (opts.text or opts.channel_id or opts.remind_minutes is not None):
        raise UserError("meeting.edit_needs_change", number=number)
    parsed = parse_meeting(opts.text, now=now, tz=tz) if opts.text else None
    title = opts.text
    if parsed is not None:
        title, rule = parsed
        meeting.rule, meeting.tz = rule.to_dict(), tz
        meeting.next_at = next_occurrence(rule, now)
    title = title.strip(" -:,;—，：")
    if title:
        _check(title, opts.remind_minutes)
        meeting.title = title
    if opts.channel_id:
        meeting.channel_id = opts.channel_id
    if opts.remind_minutes is not None:
        _check(meeting.title, opts.remind_minutes)
        meeting.remind_minutes = opts.remind_minutes
    meeting.updated_at = now
    reschedule(session, meeting)
    return meeting


def skip_next(session: Session, team_id: str, number: int, now: datetime) -> tuple[Meeting, datetime]:
    """Skip the next occurrence only; returns the meeting (now pointing at the one after) and the skipped time."""
    meeting = get(session, team_id, number)
    skipped = meeting.next_at
    if skipped is None:
        raise UserError("meeting.not_found", number=number)
    session.add(MeetingOccurrence(team_id=team_id, meeting_id=meeting.id, at=skipped, status="skipped"))
    advance(meeting, skipped)
    meeting.updated_at = now
    reschedule(session, meeting)
    return meeting, skipped


def cancel(session: Session, team_id: str, number: int, now: datetime) -> Meeting:
    meeting = get(session, team_id, number)
    meeting.status, meeting.updated_at = "cancelled", now
    reminders.cancel_pending(session, team_id, "meeting.", meeting.id)
    return meeting


def add_agenda(session: Session, team_id: str, number: int, author_id: str, text: str, now: datetime) -> Meeting:
    text = " ".join(text.split())
    if not text:
        raise UserError("meeting.agenda_needs_text", number=number)
    if len(text) > MAX_AGENDA_ITEM:
        raise UserError("meeting.agenda_too_long", limit=MAX_AGENDA_ITEM, length=len(text))
    meeting = get(session, team_id, number)
    session.add(AgendaItem(team_id=team_id, meeting_id=meeting.id, text=text, author_id=author_id, added_at=now))
    session.flush()
    return meeting


def agenda(session: Session, meeting: Meeting) -> list[AgendaItem]:
    return list(session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                                         AgendaItem.used_at.is_(None)).order_by(AgendaItem.id)))


def active(session: Session, team_id: str) -> list[Meeting]:
    return list(session.scalars(select(Meeting).where(Meeting.team_id == team_id, Meeting.status == "active")
                                .order_by(Meeting.next_at.is_(None), Meeting.next_at, Meeting.number)))


def upcoming(meeting: Meeting, count: int = 3) -> list[datetime]:
    """The next `count` occurrences from the stored next one (skips already taken into account)."""
    if meeting.next_at is None:
        return []
    return [meeting.next_at] + occurrences(rule_of(meeting), meeting.next_at, count - 1)


def summary(meeting: Meeting, locale: str) -> str:
    return describe(rule_of(meeting), locale)


# ---- the clock's side -------------------------------------------------------------------------------------------

def schedule(session: Session, meeting: Meeting) -> None:
    if meeting.status != "active" or meeting.next_at is None:
        return
    reminders.schedule(session, meeting.team_id, "meeting.reminder",
                       meeting.next_at - timedelta(minutes=meeting.remind_minutes),
                       f"meeting:{meeting.id}:{int(meeting.next_at.timestamp())}", subject_id=meeting.id)


def reschedule(session: Session, meeting: Meeting) -> None:
    reminders.cancel_pending(session, meeting.team_id, "meeting.", meeting.id)
    session.flush()
    schedule(session, meeting)


def advance(meeting: Meeting, after: datetime) -> None:
    meeting.next_at = next_occurrence(rule_of(meeting), after)
    if meeting.next_at is None:
        meeting.status = "ended"


def _current(session: Session, reminder: Reminder) -> Meeting | None:
    meeting = session.get(Meeting, reminder.subject_id)
    if meeting is None or meeting.status != "active" or meeting.next_at is None:
        return None
    if reminder.dedupe_key != f"meeting:{meeting.id}:{int(meeting.next_at.timestamp())}":
        return None  # a reminder for an occurrence that was skipped or rescheduled
    return meeting


@reminders.kind("meeting.reminder", on_skip=lambda session, reminder, now: _missed(session, reminder, now))
def remind(session: Session, reminder: Reminder, now: datetime, late: bool) -> str | None:
    """Post the reminder to the meeting's channel with its agenda and a notes thread, then move to the next."""
    meeting = _current(session, reminder)
    if meeting is None:
        return "obsolete"
    locale = people.stored(session, meeting.team_id, meeting.creator_id).locale  # the channel reads the creator's
    items = agenda(session, meeting)
    text, blocks = views.reminder(meeting, items, locale, late=late)
    outbox.post(session, meeting.team_id, meeting.channel_id, text, now, blocks=blocks,
                dedupe_key=f"reminder:{reminder.id}", then_in_thread=[t("meeting.notes_thread", locale)])
    for item in items:
        item.used_at = now
    session.add(MeetingOccurrence(team_id=meeting.team_id, meeting_id=meeting.id, at=meeting.next_at, status="held"))
    advance(meeting, meeting.next_at)
    session.flush()
    schedule(session, meeting)
    return None


def _missed(session: Session, reminder: Reminder, now: datetime) -> None:
    """Every clock was down past the grace period: record it, keep the agenda, and go on with the next one."""
    meeting = _current(session, reminder)
    if meeting is None:
        return
    session.add(MeetingOccurrence(team_id=meeting.team_id, meeting_id=meeting.id, at=meeting.next_at,
                                  status="missed"))
    advance(meeting, max(meeting.next_at, now))
    session.flush()
    schedule(session, meeting)


def _check(title: str, remind_minutes: int | None) -> None:
    if not title:
        raise UserError("meeting.no_title")
    if len(title) > MAX_TITLE:
        raise UserError("task.title_too_long", limit=MAX_TITLE, length=len(title))
    if remind_minutes is not None and not 0 <= remind_minutes <= MAX_REMIND_MINUTES:
        raise UserError("meeting.bad_remind", limit=MAX_REMIND_MINUTES)
