"""Meetings in the database: reading and writing rows inside a session the caller owns.

These functions never commit: bot.meetings.service opens the unit of work, and the clock (bot.meetings.jobs)
delivers reminders inside its claiming transaction. Every query is scoped by `team_id`. A meeting stores its next
occurrence (`next_at`); its reminder is a row in `reminders`, kept in step with it here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core import reminders
from bot.core.errors import UserError
from bot.core.numbers import next_number
from bot.meetings import rules
from bot.text.recurrence import Recurrence, next_occurrence
from storage.models import AgendaItem, Meeting, MeetingOccurrence

REMINDER = "meeting.reminder"


# ---- reading ------------------------------------------------------------------------------------------------------

def find(session: Session, team_id: str, number: int, *, lock: bool = False) -> Meeting | None:
    """An active meeting of this workspace by number; cancelled and ended ones are not found. `lock`: the row is
    held until the transaction ends, so two people adding to its agenda at once are counted one after the other."""
    query = select(Meeting).where(Meeting.team_id == team_id, Meeting.number == number, Meeting.status == rules.ACTIVE)
    return session.scalar(query.with_for_update() if lock else query)


def get(session: Session, team_id: str, number: int, *, lock: bool = False) -> Meeting:
    """`find`, or the UserError saying there is no such meeting."""
    meeting = find(session, team_id, number, lock=lock)
    if meeting is None:
        raise UserError("meeting.not_found", number=number)
    return meeting


def active(session: Session, team_id: str) -> list[Meeting]:
    """Soonest first (a meeting with no next occurrence last)."""
    return list(session.scalars(select(Meeting).where(Meeting.team_id == team_id, Meeting.status == rules.ACTIVE)
                                .order_by(Meeting.next_at.is_(None), Meeting.next_at, Meeting.number)))


def agenda(session: Session, meeting: Meeting) -> list[AgendaItem]:
    """The items not yet shown in a reminder, in the order they were added."""
    return list(session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                                         AgendaItem.used_at.is_(None)).order_by(AgendaItem.id)))


def agenda_counts(session: Session, team_id: str) -> dict[int, int]:
    """Open agenda items per meeting id, in one query."""
    return dict(session.execute(
        select(AgendaItem.meeting_id, func.count()).where(AgendaItem.team_id == team_id, AgendaItem.used_at.is_(None))
        .group_by(AgendaItem.meeting_id)).all())


def rule_of(meeting: Meeting) -> Recurrence:
    return Recurrence.from_dict(meeting.rule)


# ---- writing ------------------------------------------------------------------------------------------------------

def create(session: Session, team_id: str, creator_id: str, *, title: str, rule: Recurrence, tz: str,
           channel_id: str, remind_minutes: int, first: datetime, now: datetime) -> Meeting:
    """A new meeting (numbered, its first reminder planned); `tz` is its creator's zone."""
    meeting = Meeting(team_id=team_id, number=next_number(session, team_id, "meeting"), title=title,
                      channel_id=channel_id, creator_id=creator_id, tz=tz, rule=rule.to_dict(),
                      remind_minutes=remind_minutes, status=rules.ACTIVE, next_at=first, created_at=now,
                      updated_at=now)
    session.add(meeting)
    session.flush()
    schedule(session, meeting)
    return meeting


def add_agenda_item(session: Session, meeting: Meeting, author_id: str, text: str, now: datetime) -> None:
    session.add(AgendaItem(team_id=meeting.team_id, meeting_id=meeting.id, text=text, author_id=author_id,
                           added_at=now))
    session.flush()


def record(session: Session, meeting: Meeting, at: datetime, status: str) -> None:
    """An occurrence's fate (held, skipped or missed): the digest counts them."""
    session.add(MeetingOccurrence(team_id=meeting.team_id, meeting_id=meeting.id, at=at, status=status))


def advance(meeting: Meeting, after: datetime) -> None:
    """Point the meeting at its first occurrence after `after`; with none left it has ended."""
    meeting.next_at = next_occurrence(rule_of(meeting), after)
    if meeting.next_at is None:
        meeting.status = rules.ENDED


def schedule(session: Session, meeting: Meeting) -> None:
    """The reminder of the meeting's next occurrence (once per occurrence, however often it is asked for)."""
    if meeting.status != rules.ACTIVE or meeting.next_at is None:
        return
    reminders.schedule(session, meeting.team_id, REMINDER, rules.reminder_at(meeting.next_at, meeting.remind_minutes),
                       rules.reminder_key(meeting.id, meeting.next_at), subject_id=meeting.id)


def reschedule(session: Session, meeting: Meeting) -> None:
    """Its time, lead or status changed: drop the pending reminder and plan the right one."""
    unschedule(session, meeting)
    session.flush()
    schedule(session, meeting)


def unschedule(session: Session, meeting: Meeting) -> None:
    reminders.cancel_pending(session, meeting.team_id, "meeting.", meeting.id)
